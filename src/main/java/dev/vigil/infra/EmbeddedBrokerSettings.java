package dev.vigil.infra;

import com.hivemq.configuration.service.InternalConfigurations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded broker's config.xml, rewritten at every start from Vigil's own settings (so the port
 * follows mqtt.embedded.port and a stale file is never used).
 */
final class EmbeddedBrokerSettings {

  /**
   * Above the wire contract's 64 KiB payload limit, so an oversized reading reaches Vigil and is
   * dead-lettered, and below the 1 MiB ingest accepts, so no delivery can stall Vigil's session.
   */
  static final int MAX_PACKET_BYTES = 256 * 1024;
  /**
   * Per client session. HiveMQ's default (1,000, then new messages are discarded) would drop readings
   * acknowledged to devices while Vigil is away for a few minutes; the queue lives on disk, so this
   * bounds disk, not heap: about 100 devices at one reading a second for a day.
   */
  static final long MAX_QUEUED_MESSAGES = 10_000_000L;

  /**
   * Unacknowledged QoS 1 messages the broker sends an MQTT 3 client (Vigil's ingest) before it waits
   * for PUBACKs. Vigil acknowledges a reading only once it is committed, so this window over the
   * time a reading takes to reach its commit is ingest's ceiling: HiveMQ's built-in 50 held Vigil to
   * 0.4x the broker's own rate (docs/benchmarks.md). 1000, as mosquitto/mosquitto.conf sets for an
   * external broker: two full store batches, one being written while the next one fills; the store's
   * backlog limit (store.max.pending) stays far above it.
   */
  static final int IN_FLIGHT_WINDOW = 1000;

  private EmbeddedBrokerSettings() {
  }

  /**
   * HiveMQ CE has no configuration key for the window of MQTT 3 clients (MQTT 5 clients state their
   * own Receive Maximum): it is a static of its internal configuration, read whenever it sends to a
   * client, so it is set before the broker starts.
   */
  static void applyInFlightWindow() {
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = IN_FLIGHT_WINDOW;
  }

  static void write(Path configFolder, int port) throws IOException {
    Files.writeString(configFolder.resolve("config.xml"), xml(port));
  }

  static String xml(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>0.0.0.0</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
            <packets><max-packet-size>%d</max-packet-size></packets>
          </mqtt>
          <security>
            <!-- mosquitto_pub 2.x and many small device libraries connect with an empty client id -->
            <allow-empty-client-id><enabled>true</enabled></allow-empty-client-id>
          </security>
          <persistence><mode>file</mode></persistence>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """.formatted(port, MAX_QUEUED_MESSAGES, MAX_PACKET_BYTES);
  }
}
