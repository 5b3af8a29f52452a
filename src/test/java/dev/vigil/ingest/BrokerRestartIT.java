package dev.vigil.ingest;

import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.infra.EmbeddedBroker;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreVerticle;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the embedded broker while a device keeps producing, and shows that Vigil reconnects by
 * itself and that every reading is stored exactly once. Moquette 0.17 forgets what it had queued
 * across its own stop (readings it acknowledged to the device but had not yet delivered), so the
 * device stops sending and Vigil drains before the stop; losing a live connection with readings in
 * flight is IngestConnectionCutIT's case, against the real Mosquitto.
 */
class BrokerRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
  private static final long READINGS = 400;

  @Test
  void storesEveryQos1ReadingExactlyOnceAcrossAnEmbeddedBrokerRestart() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String deviceId = "restart-" + run;
    int port = TestInfra.freePort();
    Path dataDir = Files.createTempDirectory("vigil-restart-broker");
    String pgUri = TestInfra.freshDatabase();
    EmbeddedBroker broker = EmbeddedBroker.start(port, dataDir);
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry ingestMeters = new SimpleMeterRegistry();
    try {
      await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 4, 100, 10, 10_000),
          PgPools.create(vertx, pgUri, 4), new SimpleMeterRegistry())));
      await(StandInScoringLanes.register(vertx, 2));
      IngestConfig config = new IngestConfig("127.0.0.1", port, false, null, null, "vigil-restart-" + run,
          IngestConfig.PLAIN_TOPIC_FILTER, 1000, 2);
      await(vertx.deployVerticle(new IngestVerticle(config, ingestMeters)));

      RetryingDevice device = new RetryingDevice(vertx, deviceId, "127.0.0.1", port,
          Instant.now().minusSeconds(3600).toEpochMilli());
      device.start(READINGS, 10);
      awaitStored(pgUri, deviceId, 100, 30_000);

      device.mayConnect(false);
      awaitCondition(() -> storedCountUnchecked(pgUri, deviceId) == device.acked(), 30_000);
      broker.close();
      LOG.info("broker stopped with {} readings stored", storedCount(pgUri, deviceId));
      Thread.sleep(1500); // the device keeps producing into its own buffer meanwhile
      broker = EmbeddedBroker.start(port, dataDir);
      LOG.info("broker restarted");
      // Moquette 0.17 comes back without the sessions it had (Vigil sees "session present = false"), so a
      // reading published before Vigil has subscribed again would go to no one: let the device back on
      // only once Vigil is subscribed again.
      awaitCondition(() -> ingestMeters.counter("vigil.ingest.reconnects").count() >= 1, 30_000);
      device.mayConnect(true);

      awaitStored(pgUri, deviceId, READINGS, 60_000);
      LOG.info("{}; stored {}", device, storedCount(pgUri, deviceId));
      assertThat(missingSeqs(pgUri, deviceId)).as("seqs never stored").isEmpty();
      assertThat(storedCount(pgUri, deviceId)).isEqualTo(READINGS);
      assertThat(device.reconnects()).as("device connections").isGreaterThanOrEqualTo(2);
    } finally {
      await(vertx.close());
      broker.close();
    }
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition within %d ms", timeoutMs).isTrue();
  }

  private static void awaitStored(String pgUri, String deviceId, long count, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (storedCount(pgUri, deviceId) < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  private static long storedCountUnchecked(String pgUri, String deviceId) {
    try {
      return storedCount(pgUri, deviceId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long storedCount(String pgUri, String deviceId) throws SQLException {
    return Long.parseLong(query(pgUri, "SELECT count(*) FROM readings WHERE device_id = '" + deviceId + "'").get(0));
  }

  private static List<String> missingSeqs(String pgUri, String deviceId) throws SQLException {
    return query(pgUri, "SELECT s FROM generate_series(1, " + READINGS + ") s WHERE s NOT IN"
        + " (SELECT seq FROM readings WHERE device_id = '" + deviceId + "') ORDER BY s");
  }

  private static List<String> query(String pgUri, String sql) throws SQLException {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(Migrations.jdbcUrl(o), o.getUser(), o.getPassword());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
