package dev.vigil.ingest;

import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.PgPools;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreVerticle;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * TEST-ONLY: Vigil's ingest chain (the real IngestVerticle and StoreVerticle, stand-in scoring lanes) over a
 * fresh database, reading a broker on 127.0.0.1, with ingest started and stopped on demand as an upgrade
 * or a crash would (its persistent session stays on the broker).
 */
final class IngestPipeline implements AutoCloseable {

  private static final int LANES = 2;

  final Vertx vertx = Vertx.vertx();
  final String pgUri = TestInfra.freshDatabase();
  final SimpleMeterRegistry ingestMeters = new SimpleMeterRegistry();
  final SimpleMeterRegistry storeMeters = new SimpleMeterRegistry();
  private final IngestConfig config;
  private String ingestDeployment;

  IngestPipeline(int brokerPort, String clientId) throws Exception {
    this(brokerPort, clientId, null, null);
  }

  IngestPipeline(int brokerPort, String clientId, String username, String password) throws Exception {
    this(brokerPort, clientId, username, password, 20_000, IngestConfig.DEFAULT_MAX_READINGS_IN_FLIGHT);
  }

  /** With the store's backlog limit and ingest's in-flight limit given. */
  IngestPipeline(int brokerPort, String clientId, int storeMaxPending, int maxReadingsInFlight) throws Exception {
    this(brokerPort, clientId, null, null, storeMaxPending, maxReadingsInFlight);
  }

  private IngestPipeline(int brokerPort, String clientId, String username, String password, int storeMaxPending,
      int maxReadingsInFlight) throws Exception {
    this.config = new IngestConfig("127.0.0.1", brokerPort, false, username, password, clientId,
        IngestConfig.PLAIN_TOPIC_FILTER, 1000, LANES, maxReadingsInFlight);
    await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 4, 500, 0, storeMaxPending),
        PgPools.create(vertx, pgUri, 4), storeMeters)));
    await(StandInScoringLanes.register(vertx, LANES));
  }

  void startIngest() throws Exception {
    ingestDeployment = await(vertx.deployVerticle(new IngestVerticle(config, ingestMeters)));
  }

  void stopIngest() throws Exception {
    await(vertx.undeploy(ingestDeployment));
    ingestDeployment = null;
  }

  long count(String sql) {
    try {
      return Long.parseLong(TestInfra.queryString(pgUri, sql));
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  long stored(String devicePrefix) {
    return count("SELECT count(*) FROM readings WHERE device_id LIKE '" + devicePrefix + "%'");
  }

  long distinctStored(String devicePrefix) {
    return count("SELECT count(DISTINCT (device_id, ts, seq)) FROM readings WHERE device_id LIKE '" + devicePrefix + "%'");
  }

  /** Seqs 1..count of the device that are not stored. */
  long missing(String deviceId, long count) {
    return count("SELECT count(*) FROM generate_series(1, " + count + ") s WHERE s NOT IN"
        + " (SELECT seq FROM readings WHERE device_id = '" + deviceId + "')");
  }

  static void awaitCondition(String what, BooleanSupplier condition, long timeoutMs) throws InterruptedException {
    assertThat(waitFor(condition, timeoutMs)).as("%s within %d ms", what, timeoutMs).isTrue();
  }

  /** Polls until the condition holds or the time is up; says whether it held. */
  static boolean waitFor(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
