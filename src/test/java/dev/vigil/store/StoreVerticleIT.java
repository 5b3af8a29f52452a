package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreVerticleIT {

  private Vertx vertx;
  private String pgUri;
  private Pool pool;

  @BeforeEach
  void startStore() throws Exception {
    vertx = Vertx.vertx();
    pgUri = TestInfra.freshDatabase();
    pool = PgPools.create(vertx, pgUri, 4);
    await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 4, 50, 20, 1000), pool,
        new SimpleMeterRegistry())));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void storesABatchOfReadingsWithTheirScoresAndTheDevicesLatestState() throws Exception {
    String device = device();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      Reading reading = new Reading(device, t0.plusSeconds(i), i, Map.of("power_w", 100.0 * i), t0);
      ScoredReading scored = i == 20
          ? new ScoredReading(reading, 0.97, true, false, 3,
              List.of(new ScoredReading.Contribution("power_w", 2000, 90, 110, 1.0)))
          : ScoredReading.warmingUp(reading);
      replies.add(vertx.eventBus().request(Addresses.STORE_READINGS, scored));
    }
    await(Future.all(replies));

    assertThat(queryLong("SELECT count(*) FROM readings WHERE device_id = '" + device + "'")).isEqualTo(20);
    assertThat(queryString("SELECT score || ' ' || anomalous || ' ' || model_version || ' ' || (metrics->>'power_w')"
        + " || ' ' || (explanation->0->>'metric') FROM readings WHERE device_id = '" + device + "' AND seq = 20"))
        .isEqualTo("0.97 true 3 2000.0 power_w");
    assertThat(queryString("SELECT status || ' ' || last_score || ' ' || (last_metrics->>'power_w')"
        + " FROM devices WHERE id = '" + device + "'")).isEqualTo("online 0.97 2000.0");
  }

  @Test
  void storesEachMetricsExpectedRangeSoTheReadingsApiReturnsIt() throws Exception {
    String device = device();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
    Reading warming = new Reading(device, t0, 1, Map.of("power_w", 500.0, "voltage_v", 230.0), t0);
    Reading judged = new Reading(device, t0.plusSeconds(1), 2, Map.of("power_w", 505.0, "voltage_v", 231.0), t0);
    await(vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(warming)));
    await(vertx.eventBus().request(Addresses.STORE_READINGS, new ScoredReading(judged, 0.1, false, false, 2, List.of(),
        Map.of("power_w", new ScoredReading.Range(470.5, 530.25), "voltage_v", new ScoredReading.Range(228, 232)))));

    JsonArray items = await(new ReadingQueries(pool).raw(device, t0, t0.plusSeconds(60), 10));
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getJsonObject("expected")).isEqualTo(new JsonObject());
    assertThat(items.getJsonObject(1).getJsonObject("expected")).isEqualTo(new JsonObject()
        .put("power_w", new JsonObject().put("low", 470.5).put("high", 530.25))
        .put("voltage_v", new JsonObject().put("low", 228.0).put("high", 232.0)));
  }

  @Test
  void keepsADevicesBandOnceASecondOfItsOwnTimeAndOnEveryAnomaly() throws Exception {
    String device = device();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
    List<Future<Message<Object>>> replies = new ArrayList<>();
    for (int i = 0; i < 25; i++) { // ten readings a second for 2.5 s of the device's time; the one at 1.5 s is odd
      Reading reading = new Reading(device, t0.plusMillis(100L * i), i, Map.of("power_w", 500.0 + i), t0);
      boolean anomalous = i == 15;
      List<ScoredReading.Contribution> why = anomalous
          ? List.of(new ScoredReading.Contribution("power_w", 515, 470.2, 530.9, 1.0)) : List.of();
      replies.add(vertx.eventBus().request(Addresses.STORE_READINGS, new ScoredReading(reading,
          anomalous ? 0.99 : 0.1, anomalous, false, 1, why, Map.of("power_w", new ScoredReading.Range(470.2, 530.9)))));
    }
    await(Future.all(replies));

    JsonArray items = await(new ReadingQueries(pool).raw(device, t0, t0.plusSeconds(60), 100));
    assertThat(items).hasSize(25);
    List<Long> banded = items.stream().map(JsonObject.class::cast)
        .filter(r -> !r.getJsonObject("expected").isEmpty()).map(r -> r.getLong("seq")).toList();
    assertThat(banded).containsExactly(0L, 10L, 15L, 20L);
    assertThat(items.getJsonObject(15).getJsonObject("expected"))
        .isEqualTo(new JsonObject().put("power_w", new JsonObject().put("low", 470.2).put("high", 530.9)));
  }

  @Test
  void storesAndPublishesARedeliveredReadingOnceButRepliesSuccessToEveryCopy() throws Exception {
    String device = device();
    List<Long> publishedSeqs = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
        m -> m.body().readings().stream().map(ScoredReading::reading).filter(r -> r.deviceId().equals(device))
            .forEach(r -> publishedSeqs.add(r.seq()))).completion());
    Reading reading = new Reading(device, Instant.now(), 7, Map.of("t", 21.5), Instant.now());
    await(vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(reading)));
    // the same reading twice more: once in a later batch, once twice within one batch
    await(Future.all(vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(reading)),
        vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(reading))));
    // published in commit order, so once this one is seen every earlier publication has been too
    Reading marker = new Reading(device, Instant.now(), 8, Map.of("t", 21.6), Instant.now());
    await(vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(marker)));
    long deadline = System.currentTimeMillis() + 10_000;
    while (!publishedSeqs.contains(8L) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }

    assertThat(queryLong("SELECT count(*) FROM readings WHERE device_id = '" + device + "'")).isEqualTo(2);
    assertThat(publishedSeqs).as("seqs published to the alert stage and dashboards").containsExactly(7L, 8L);
  }

  @Test
  void repliesOnlyOnceTheReadingIsVisibleInTheDatabase() throws Exception {
    String device = device();
    List<Long> visibleAtReply = new CopyOnWriteArrayList<>();
    List<Future<Void>> checks = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Reading reading = new Reading(device, Instant.now(), i, Map.of("t", 1.0), Instant.now());
      final int seq = i;
      checks.add(vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(reading))
          .compose(reply -> vertx.executeBlocking(() -> {
            visibleAtReply.add(queryLong("SELECT count(*) FROM readings WHERE device_id = '" + device
                + "' AND seq = " + seq));
            return null;
          })));
    }
    await(Future.all(checks));
    assertThat(visibleAtReply).hasSize(30).containsOnly(1L);
  }

  @Test
  void publishesEachStoredReadingAfterCommit() throws Exception {
    String device = device();
    List<ScoredReading> published = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
        m -> published.addAll(m.body().readings())).completion());
    ScoredReading scored = ScoredReading.warmingUp(new Reading(device, Instant.now(), 1, Map.of("t", 1.0), Instant.now()));
    await(vertx.eventBus().request(Addresses.STORE_READINGS, scored));
    long deadline = System.currentTimeMillis() + 10_000;
    while (!published.contains(scored) && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(published).contains(scored);
  }

  @Test
  void storesADeadLetterWithItsReason() throws Exception {
    String device = device();
    DeadLetter letter = new DeadLetter(Instant.now(), "devices/" + device + "/telemetry", device, "not_json",
        "payload is empty", "");
    await(vertx.eventBus().request(Addresses.STORE_DEAD_LETTERS, letter));
    assertThat(queryString("SELECT reason || ' ' || detail FROM dead_letters WHERE device_id = '" + device + "'"))
        .isEqualTo("not_json payload is empty");
  }

  @Test
  void keepsABatchThroughADatabaseOutageAndRepliesOnceItIsStored() throws Exception {
    String device = device();
    String database = PgConnectOptions.fromUri(pgUri).getDatabase();
    setConnectionsAllowed(database, false);
    try {
      Reading reading = new Reading(device, Instant.now(), 1, Map.of("t", 1.0), Instant.now());
      Future<Message<Object>> reply = vertx.eventBus().request(Addresses.STORE_READINGS,
          ScoredReading.warmingUp(reading));
      Thread.sleep(1500);
      assertThat(reply.isComplete()).as("no reply while the reading is not stored").isFalse();
      setConnectionsAllowed(database, true);
      await(reply);
    } finally {
      setConnectionsAllowed(database, true);
    }
    assertThat(queryLong("SELECT count(*) FROM readings WHERE device_id = '" + device + "'")).isEqualTo(1);
  }

  @Test
  void refusesNewReadingsAtOnceWhenTooManyWaitForTheDatabase() throws Exception {
    Pool unreachable = PgPools.create(vertx, "postgresql://postgres@127.0.0.1:" + TestInfra.freePort() + "/none", 1);
    await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 1, 2, 10, 3), unreachable,
        new SimpleMeterRegistry())));
    // Both store instances consume the address; send enough that the unreachable one fills up.
    List<Throwable> refusals = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 20; i++) {
      Reading reading = new Reading(device(), Instant.now(), i, Map.of("t", 1.0), Instant.now());
      vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(reading))
          .onFailure(refusals::add);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (refusals.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(refusals).isNotEmpty();
    assertThat(refusals.get(0)).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refusals.get(0)).failureCode()).isEqualTo(StoreVerticle.BACKLOG_FULL);
  }

  private void setConnectionsAllowed(String database, boolean allowed) {
    TestInfra.execute(TestInfra.serverPgUri(), "ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
    if (!allowed) {
      TestInfra.execute(TestInfra.serverPgUri(),
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    }
  }

  private static String device() {
    return "store-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private long queryLong(String sql) throws SQLException {
    return Long.parseLong(queryString(sql));
  }

  private String queryString(String sql) throws SQLException {
    return TestInfra.queryString(pgUri, sql);
  }


  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
