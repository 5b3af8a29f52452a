package dev.vigil.ingest;

import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.infra.EmbeddedBroker;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreVerticle;
import dev.vigil.testsupport.EmbeddedBrokerProcess;
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
 * Restarts the embedded broker, cleanly and with kill -9, while a device keeps producing and Vigil
 * keeps ingesting, and shows that Vigil reconnects by itself and stores every reading exactly once:
 * the broker keeps Vigil's session and the readings it acknowledged to the device on disk.
 */
class BrokerRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
  private static final long READINGS = 400;
  private static final long DOWN_MS = 1500;

  @Test
  void storesEveryQos1ReadingExactlyOnceAcrossACleanStopOfTheEmbeddedBroker() throws Exception {
    int port = TestInfra.freePort();
    Path dataDir = Files.createTempDirectory("vigil-restart-broker");
    EmbeddedBroker[] broker = {EmbeddedBroker.start(port, dataDir)};
    try {
      storesEveryReadingAcross("clean stop", port, () -> broker[0].close(),
          () -> broker[0] = EmbeddedBroker.start(port, dataDir));
    } finally {
      broker[0].close();
    }
  }

  @Test
  void storesEveryQos1ReadingExactlyOnceAcrossKill9OfTheEmbeddedBroker() throws Exception {
    int port = TestInfra.freePort();
    Path dataDir = Files.createTempDirectory("vigil-restart-broker");
    EmbeddedBrokerProcess[] broker = {EmbeddedBrokerProcess.start(port, dataDir)};
    try {
      storesEveryReadingAcross("kill -9", port, () -> broker[0].kill(),
          () -> broker[0] = EmbeddedBrokerProcess.start(port, dataDir));
    } finally {
      broker[0].close();
    }
  }

  private void storesEveryReadingAcross(String fault, int port, Action stop, Action start) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String deviceId = "restart-" + run;
    String pgUri = TestInfra.freshDatabase();
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
      awaitCondition(() -> storedCountUnchecked(pgUri, deviceId) >= 100, 60_000);
      stop.run();
      long storedAtStop = storedCount(pgUri, deviceId);
      Thread.sleep(DOWN_MS); // the device keeps producing into its own buffer meanwhile
      start.run();
      long restarted = System.nanoTime();
      try {
        awaitCondition(() -> storedCountUnchecked(pgUri, deviceId) >= READINGS, 120_000);
      } catch (AssertionError e) {
        // A failure must say what was lost, not only that the wait ran out.
        List<String> missing = missingSeqs(pgUri, deviceId);
        throw new AssertionError(fault + ": stored " + storedCount(pgUri, deviceId) + " of " + READINGS + " (" + device
            + "); missing seqs " + missing.subList(0, Math.min(40, missing.size())), e);
      }
      long recoveredMs = (System.nanoTime() - restarted) / 1_000_000;
      LOG.info("{} of the embedded broker: {} stored before it, {}; stored {} distinct of {}, missing {},"
              + " all stored {} ms after the broker was back", fault, storedAtStop, device, storedCount(pgUri, deviceId),
          READINGS, missingSeqs(pgUri, deviceId).size(), recoveredMs);
      assertThat(missingSeqs(pgUri, deviceId)).as("seqs never stored").isEmpty();
      assertThat(storedCount(pgUri, deviceId)).isEqualTo(READINGS);
      assertThat(device.acked()).as("readings the broker acknowledged").isGreaterThanOrEqualTo(READINGS);
      assertThat(device.reconnects()).as("device connections").isGreaterThanOrEqualTo(2);
      assertThat(ingestMeters.counter("vigil.ingest.reconnects").count()).as("Vigil reconnected")
          .isGreaterThanOrEqualTo(1);
    } finally {
      await(vertx.close());
    }
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition, long timeoutMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("condition within %d ms", timeoutMs).isTrue();
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
