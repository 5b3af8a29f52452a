package dev.vigil.infra;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The in-process MQTT broker of the zero-install mode (Moquette). It keeps sessions and queued
 * QoS 1 messages under the data directory, so a restart of Vigil loses nothing the devices sent.
 * It has no shared subscriptions (an MQTT 5 feature in Moquette), which one instance does not need.
 */
public final class EmbeddedBroker implements AutoCloseable {

  /** Larger than the wire contract's 64 KiB limit so oversized payloads reach us and are dead-lettered. */
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;

  private final Server server = new Server();
  private final int port;

  private EmbeddedBroker(int port) {
    this.port = port;
  }

  /** Starts a broker listening on all interfaces at {@code port}, persisting under {@code dataDir}. */
  public static EmbeddedBroker start(int port, Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Properties props = new Properties();
    props.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    props.setProperty(IConfig.HOST_PROPERTY_NAME, "0.0.0.0");
    props.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    // mosquitto_pub 2.x and many small device libraries connect with an empty client id.
    props.setProperty(BrokerConstants.ALLOW_ZERO_BYTE_CLIENT_ID_PROPERTY_NAME, "true");
    props.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
    props.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toAbsolutePath().toString());
    props.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    props.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
    props.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    EmbeddedBroker broker = new EmbeddedBroker(port);
    broker.server.startServer(new MemoryConfig(props), List.of());
    return broker;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
