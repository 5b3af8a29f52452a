package dev.vigil.infra;

import dev.vigil.config.ConfigKey;
import dev.vigil.config.VigilConfig;
import dev.vigil.sim.BrokerAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker and database an instance runs against: the configured ones, or embedded ones started
 * here (zero-install mode). Blocking: call from the main thread, never from an event loop.
 */
public final class Infrastructure implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

  private final BrokerAddress broker;
  private final String pgUri;
  private final List<AutoCloseable> embedded;
  private final EmbeddedBroker embeddedBroker;

  private Infrastructure(BrokerAddress broker, String pgUri, List<AutoCloseable> embedded,
      EmbeddedBroker embeddedBroker) {
    this.broker = broker;
    this.pgUri = pgUri;
    this.embedded = embedded;
    this.embeddedBroker = embeddedBroker;
  }

  public static Infrastructure start(VigilConfig config) throws IOException {
    checkPorts(config);
    List<AutoCloseable> started = new ArrayList<>();
    Path dataDir = Path.of(config.dataDir());
    BrokerAddress broker;
    EmbeddedBroker embeddedBroker = null;
    if (config.embeddedBroker()) {
      embeddedBroker = EmbeddedBroker.startClosedToDevices(config.mqttEmbeddedPort(), dataDir.resolve("broker"));
      started.add(embeddedBroker);
      broker = new BrokerAddress("127.0.0.1", embeddedBroker.port(), null, null, false);
      LOG.info("embedded MQTT broker listening on port {}", embeddedBroker.port());
    } else {
      broker = BrokerAddress.parse(config.mqttUrl());
    }
    String pgUri;
    if (config.embeddedPostgres()) {
      EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, config.pgEmbeddedPort());
      started.add(db);
      pgUri = db.uri();
      LOG.info("embedded PostgreSQL on port {}, data in {}", db.port(), dataDir.resolve("pg").toAbsolutePath());
    } else {
      pgUri = config.pgUrl();
    }
    return new Infrastructure(broker, pgUri, started, embeddedBroker);
  }

  private static void checkPorts(VigilConfig config) {
    PortCheck.ensureFree(config.httpPort(), "dashboard", ConfigKey.HTTP_PORT, "--http-port", "");
    if (config.embeddedBroker()) {
      PortCheck.ensureFree(config.mqttEmbeddedPort(), "embedded MQTT broker", ConfigKey.MQTT_EMBEDDED_PORT,
          "--mqtt-port", "; or, if a broker already runs there, use it: --mqtt-url mqtt://127.0.0.1:"
              + config.mqttEmbeddedPort());
    }
    if (config.embeddedPostgres()) {
      PortCheck.ensureFree(config.pgEmbeddedPort(), "embedded PostgreSQL", ConfigKey.PG_EMBEDDED_PORT,
          "VIGIL_PG_EMBEDDED_PORT=0 (any free port)", "");
    }
  }

  public BrokerAddress broker() {
    return broker;
  }

  public String pgUri() {
    return pgUri;
  }

  /**
   * With the embedded broker, which starts closed to everyone: lets in Vigil's own clients, those
   * {@code own} accepts, while the stages start.
   */
  public void admitOwnClients(Predicate<String> own) {
    if (embeddedBroker != null) {
      embeddedBroker.admitOnly(own);
    }
  }

  /** With the embedded broker: Vigil's session is back, devices may connect (see {@link EmbeddedBroker#startClosedToDevices}). */
  public void openToDevices() {
    if (embeddedBroker != null) {
      embeddedBroker.openToDevices();
    }
  }

  /**
   * With the embedded broker, which stops with Vigil: lets no device publish any more (see
   * {@link EmbeddedBroker#closeToDevices}); Vigil's own clients, those {@code own} accepts, stay.
   * An external broker keeps taking devices' messages for Vigil's session while Vigil is away.
   */
  public void closeToDevices(Predicate<String> own) {
    if (embeddedBroker != null) {
      embeddedBroker.closeToDevices(own);
    }
  }

  @Override
  public void close() {
    for (int i = embedded.size() - 1; i >= 0; i--) {
      try {
        embedded.get(i).close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", embedded.get(i).getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
