package dev.vigil.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.DriftQueries;
import dev.vigil.scoring.ModelQueries;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoringConfig;
import dev.vigil.scoring.ScoringVerticle;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.drift.DriftLevel;
import dev.vigil.scoring.drift.DriftReport;
import dev.vigil.scoring.drift.DriftStore;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry and a lane's model reload against a real PostgreSQL, in a database of its own. */
class ModelRegistryIT {

  private static Vertx vertx;
  private static Pool pool;
  private static String database;

  @BeforeAll
  static void connect() {
    database = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(database)).using(vertx).build();
  }

  @AfterAll
  static void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static TrainingJob warmedUpJob(String device) {
    DeviceDetector detector = new DeviceDetector(device + "|power_w", List.of("power_w"), DetectorSettings.of(120, 0.95));
    Random r = new Random(1);
    Instant t0 = Instant.parse("2024-03-01T00:00:00Z");
    for (int i = 0; ; i++) {
      Instant ts = t0.plusSeconds(60L * i);
      detector.score(new Reading(device, ts, i, Map.of("power_w", 500 + 10 * r.nextGaussian()), ts));
      Optional<TrainingJob> job = detector.trainingDue();
      if (job.isPresent()) {
        return job.get();
      }
    }
  }

  @Test
  void storesAModelAndReadsTheSameModelBack() throws Exception {
    TrainingJob job = warmedUpJob("kitchen-1");
    SvmModel model = job.train();
    ModelRegistry registry = new ModelRegistry(pool);

    int first = registry.save(job, model).await(20, TimeUnit.SECONDS);
    int second = registry.save(job, model).await(20, TimeUnit.SECONDS);
    Optional<ModelRegistry.StoredModel> stored = registry.latest("kitchen-1|power_w").await(20, TimeUnit.SECONDS);

    assertThat(first).isEqualTo(1);
    assertThat(second).isEqualTo(2);
    assertThat(stored).isPresent();
    assertThat(stored.get().version()).isEqualTo(2);
    assertThat(stored.get().metrics()).containsExactly("power_w");
    assertThat(stored.get().reference(0)).isNotEmpty();
    for (double[] row : job.features()) {
      assertThat(stored.get().model().outlierness(row)).isEqualTo(model.outlierness(row));
    }
    assertThat(registry.latest("nobody|power_w").await(20, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void listsADevicesModelsWithTheirTribuoProvenance() throws Exception {
    TrainingJob job = warmedUpJob("garage-2");
    new ModelRegistry(pool).save(job, job.train()).await(20, TimeUnit.SECONDS);

    JsonArray models = new ModelQueries(pool).forDevice("garage-2").await(20, TimeUnit.SECONDS);

    assertThat(models.size()).isEqualTo(1);
    assertThat(models.getJsonObject(0).getString("detectorKey")).isEqualTo("garage-2|power_w");
    assertThat(models.getJsonObject(0).getString("provenance")).contains("LibSVMAnomalyTrainer");
    assertThat(models.getJsonObject(0).getJsonObject("trainingMetrics").getInteger("rows")).isEqualTo(job.features().length);
    assertThat(models.getJsonObject(0).getJsonObject("trainingMetrics").containsKey("reference")).isFalse();
  }

  @Test
  void aRestartedLaneReloadsTheStoredModelInsteadOfWarmingUpAgain() throws Exception {
    vertx.eventBus().consumer(Addresses.STORE_READINGS, msg -> msg.reply(null));
    ScoringConfig config = new ScoringConfig(1, 120, 0.95);
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    String first = vertx.deployVerticle(new ScoringVerticle(config, 0, pool), worker).await(10, TimeUnit.SECONDS);
    Random r = new Random(5);
    for (int i = 0; i < 300; i++) {
      send("boiler-9", i, 60 + r.nextGaussian()).await(10, TimeUnit.SECONDS);
    }
    waitForModel("boiler-9|temperature");
    vertx.undeploy(first).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new ScoringVerticle(config, 0, pool), worker).await(10, TimeUnit.SECONDS);

    // The registry answers slowly (its table is locked) while more readings than a whole fresh
    // warm-up arrive: they must wait for the stored model, not be learned from as a new warm-up.
    List<Future<ScoredReading>> scored = new ArrayList<>();
    try (Connection c = TestInfra.connect(database); Statement lock = c.createStatement()) {
      c.setAutoCommit(false);
      lock.execute("LOCK TABLE models IN ACCESS EXCLUSIVE MODE");
      scored.add(send("boiler-9", 300, 60 + r.nextGaussian()));
      waitUntilTheLookupWaitsForTheLock();
      assertThat(scored.get(0).isComplete()).as("first reading scored before its model was looked up").isFalse();
      for (int i = 1; i < config.warmup() + 80; i++) {
        scored.add(send("boiler-9", 300 + i, 60 + r.nextGaussian()));
      }
      c.commit();
    }
    int judgedAt = -1;
    for (int i = 0; i < scored.size(); i++) {
      ScoredReading verdict = scored.get(i).await(20, TimeUnit.SECONDS);
      if (!verdict.warmingUp() && judgedAt < 0) {
        judgedAt = i;
        assertThat(verdict.modelVersion()).isEqualTo(1);
      }
    }

    assertThat(judgedAt).as("readings before the first verdict").isBetween(DeviceDetector.REWARM, config.warmup() - 1);
  }

  private static Future<ScoredReading> send(String device, int i, double value) {
    Instant ts = Instant.parse("2024-04-01T00:00:00Z").plusSeconds(60L * i);
    Reading reading = new Reading(device, ts, i, Map.of("temperature", value), ts);
    return vertx.eventBus().<ScoredReading>request(Addresses.scoreLane(0), reading,
        new DeliveryOptions().setSendTimeout(60_000)).map(Message::body);
  }

  /** Polls from its own connection: inside a transaction pg_stat_activity is a snapshot that never changes. */
  private static void waitUntilTheLookupWaitsForTheLock() throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      try (Connection c = TestInfra.connect(database); Statement sql = c.createStatement();
          var rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
          + " AND datname = current_database() AND query ILIKE '%models%'")) {
        if (rows.next() && rows.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the lane never looked its model up");
  }


  private static void waitForModel(String key) throws Exception {
    ModelRegistry registry = new ModelRegistry(pool);
    for (int attempt = 0; attempt < 100; attempt++) {
      if (registry.latest(key).await(10, TimeUnit.SECONDS).isPresent()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no model stored for " + key);
  }

  @Test
  void keepsDriftReportsAndListsTheNewestFirst() throws Exception {
    DriftStore store = new DriftStore(pool);
    store.save(List.of(new DriftReport("pump-3", "pump-3|rpm", "rpm", 1, 0.02, 0.03, DriftLevel.NONE, 600, 500)))
        .await(20, TimeUnit.SECONDS);
    store.save(List.of(new DriftReport("pump-3", "pump-3|rpm", "rpm", 1, 0.61, 0.4, DriftLevel.SEVERE, 600, 500)))
        .await(20, TimeUnit.SECONDS);

    JsonArray latest = new DriftQueries(pool).latest(null, 10).await(20, TimeUnit.SECONDS);

    assertThat(latest.getJsonObject(0).getString("level")).isEqualTo("severe");
    assertThat(latest.getJsonObject(0).getDouble("psi")).isEqualTo(0.61);
    assertThat(latest.getJsonObject(1).getString("level")).isEqualTo("none");
  }

  @Test
  void keepsTheVersionTheLaneInstalledAndIgnoresAVersionStoredTwice() throws Exception {
    ModelRegistry registry = new ModelRegistry(pool);
    TrainingJob job = warmedUpJob("lane-versions");
    var model = job.train();
    registry.save(job, model, 4).await(10, TimeUnit.SECONDS);
    registry.save(job, model, 4).await(10, TimeUnit.SECONDS);
    assertThat(registry.latest(job.detectorKey()).await(10, TimeUnit.SECONDS).orElseThrow().version()).isEqualTo(4);
    long rows = pool.preparedQuery("SELECT count(*) AS n FROM models WHERE detector_key = $1")
        .execute(io.vertx.sqlclient.Tuple.of(job.detectorKey())).await(10, TimeUnit.SECONDS).iterator().next().getLong("n");
    assertThat(rows).isEqualTo(1);
  }
}
