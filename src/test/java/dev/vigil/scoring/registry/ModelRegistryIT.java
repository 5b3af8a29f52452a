package dev.vigil.scoring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoringConfig;
import dev.vigil.scoring.ScoringVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import dev.vigil.scoring.DriftQueries;
import dev.vigil.scoring.ModelQueries;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.drift.DriftLevel;
import dev.vigil.scoring.drift.DriftReport;
import dev.vigil.scoring.drift.DriftStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry against a real PostgreSQL (VIGIL_TEST_PG_URL), in a throwaway database. */
class ModelRegistryIT {

  private static Vertx vertx;
  private static Pool pool;
  private static String adminJdbc;
  private static String database;

  @BeforeAll
  static void createDatabase() throws Exception {
    URI url = URI.create(System.getenv().getOrDefault("VIGIL_TEST_PG_URL",
        "postgresql://postgres@127.0.0.1:5432/test"));
    adminJdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
    database = "x_scoring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminJdbc, "postgres", null); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    String jdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + "/" + database;
    Flyway.configure().dataSource(jdbc, "postgres", null).locations("classpath:db/migration").load().migrate();
    vertx = Vertx.vertx();
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    PgConnectOptions options = new PgConnectOptions().setHost(url.getHost()).setPort(url.getPort())
        .setDatabase(database).setUser("postgres");
    pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
    try (Connection c = DriverManager.getConnection(adminJdbc, "postgres", null); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
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
      send("boiler-9", i, 60 + r.nextGaussian());
    }
    waitForModel("boiler-9|temperature");
    vertx.undeploy(first).await(10, TimeUnit.SECONDS);

    vertx.deployVerticle(new ScoringVerticle(config, 0, pool), worker).await(10, TimeUnit.SECONDS);
    // A fresh detector judges only after its full warm-up plus the likelihood's history; a restored
    // one after REWARM readings (or however many arrived while the model was being looked up).
    int freshDetectorNeeds = config.warmup() + 50;
    // The first reading creates the detector and starts the registry lookup. Readings that arrive
    // before the lookup answers are learned from as a fresh warm-up (known gap: docs/detection.md);
    // give the lookup a moment so the test measures the reload, not the race.
    ScoredReading last = send("boiler-9", 300, 60 + r.nextGaussian());
    Thread.sleep(2000);
    int judgedAt = -1;
    for (int i = 1; i < freshDetectorNeeds && judgedAt < 0; i++) {
      last = send("boiler-9", 300 + i, 60 + r.nextGaussian());
      if (!last.warmingUp()) {
        judgedAt = i;
      }
    }

    assertThat(judgedAt).isBetween(DeviceDetector.REWARM, freshDetectorNeeds - 1);
    assertThat(last.modelVersion()).isEqualTo(1);
  }

  private static ScoredReading send(String device, int i, double value) throws Exception {
    Instant ts = Instant.parse("2024-04-01T00:00:00Z").plusSeconds(60L * i);
    Reading reading = new Reading(device, ts, i, Map.of("temperature", value), ts);
    return vertx.eventBus().<ScoredReading>request(Addresses.scoreLane(0), reading).await(10, TimeUnit.SECONDS).body();
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

    JsonArray latest = new DriftQueries(pool).latest(10).await(20, TimeUnit.SECONDS);

    assertThat(latest.getJsonObject(0).getString("level")).isEqualTo("severe");
    assertThat(latest.getJsonObject(0).getDouble("psi")).isEqualTo(0.61);
    assertThat(latest.getJsonObject(1).getString("level")).isEqualTo("none");
  }
}
