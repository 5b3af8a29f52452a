package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.config.ConfigKey;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.StreamingRun;
import dev.vigil.sim.BrokerAddress;
import dev.vigil.sim.ReplayPublisher;
import dev.vigil.testsupport.MosquittoProcess;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server decides what {@code vigil evaluate} measures, reading for reading: a NAB file and a TEP
 * fault run are published through a real MQTT client and broker into a real server and PostgreSQL,
 * and every stored score, decision and model version must equal, exactly, what the evaluation's
 * streaming sequence computes for the same rows. Published as fast as the broker acknowledges, so
 * models are fitted under load: the server fits scheduled retrains on the lane's training thread, and an
 * install when the fit happens to end, not at its fixed reading, would show here.
 *
 * <p>The broker is a Mosquitto of the test's own, configured as the project's (it queues rather
 * than drops): a publisher this fast outruns the server, and a stock Mosquitto keeps only 1,000
 * messages for a subscriber and drops the rest after acknowledging them to the device.
 */
class LiveEqualsEvaluateIT {

  /** CI has the shared corpora beside the clone; VIGIL_SHARED_DATA points elsewhere (a worktree). */
  private static final Path SHARED = Path.of(System.getenv().getOrDefault("VIGIL_SHARED_DATA", "../shared"));
  private static final Path NAB_FILE = SHARED.resolve("nab/data/realKnownCause/ambient_temperature_system_failure.csv");
  private static final Path TEP = SHARED.resolve("tep/data");
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Instant TEP_START = Instant.parse("2024-03-01T00:00:00Z");
  private static final Duration TEP_STEP = Duration.ofMinutes(3);
  private static final int IN_FLIGHT = 200;

  private static final DetectorSettings SETTINGS = DetectorSettings.of(
      Integer.parseInt(ConfigKey.SCORING_WARMUP.defaultValue()),
      Double.parseDouble(ConfigKey.SCORING_THRESHOLD.defaultValue()));

  private static Vertx vertx;
  private static MosquittoProcess broker;
  private static VigilRuntime vigil;
  private static Pool db;

  @BeforeAll
  static void startVigil() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "no " + MosquittoProcess.BINARY + " on this machine");
    String pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    broker = MosquittoProcess.start();
    vigil = TestVigil.start(pgUri, TestInfra.freePort(), Map.of(ConfigKey.MQTT_URL, broker.url()));
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(vertx).build();
  }

  @AfterAll
  static void stopVigil() throws Exception {
    if (db != null) {
      db.close().await(10, TimeUnit.SECONDS);
    }
    if (vigil != null) {
      vigil.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** What the server stored, or what the evaluation computed, for one row. */
  record Verdict(double score, boolean anomalous, int modelVersion) {
  }

  @Test
  void everyStoredScoreOfANabFileEqualsTheEvaluation() throws Exception {
    List<Row> rows = nabRows();
    String device = "nab-" + UUID.randomUUID().toString().substring(0, 8);
    StreamingRun evaluation = new StreamingRun(device, "value", SETTINGS);
    List<Verdict> expected = new ArrayList<>();
    List<JsonObject> readings = new ArrayList<>();
    for (Row row : rows) {
      ScoredReading scored = evaluation.next(row.ts(), row.values().get("value"));
      expected.add(new Verdict(scored.score(), scored.anomalous(), scored.modelVersion()));
      readings.add(wire(row, readings.size() + 1));
    }
    assertThat(expected.get(expected.size() - 1).modelVersion())
        .as("scheduled retrains, fitted off the lane in the server").isGreaterThanOrEqualTo(3);
    publish(device, readings);
    assertEqualVerdicts(storedVerdicts(device, rows.size()), expected);
  }

  @Test
  void everyStoredScoreOfATepFaultRunEqualsTheEvaluation() throws Exception {
    List<Row> rows = tepRows("d01_te.dat");
    String device = "tep-d01-" + UUID.randomUUID().toString().substring(0, 8);
    // Handed over in another order than the server sorts them: the evaluation must not depend on it.
    List<String> metrics = new ArrayList<>(rows.get(0).values().keySet());
    Collections.reverse(metrics);
    StreamingRun evaluation = new StreamingRun(device, metrics, SETTINGS);
    List<Verdict> expected = new ArrayList<>();
    List<JsonObject> readings = new ArrayList<>();
    for (Row row : rows) {
      ScoredReading scored = evaluation.next(row.ts(), metrics.stream().mapToDouble(row.values()::get).toArray());
      expected.add(new Verdict(scored.score(), scored.anomalous(), scored.modelVersion()));
      readings.add(wire(row, readings.size() + 1));
    }
    assertThat(expected.get(expected.size() - 1).modelVersion()).as("the run trains at least once").isPositive();
    publish(device, readings);
    assertEqualVerdicts(storedVerdicts(device, rows.size()), expected);
  }

  private static void assertEqualVerdicts(List<Verdict> stored, List<Verdict> expected) {
    assertThat(expected).as("the evaluation judges some rows anomalous").anyMatch(Verdict::anomalous);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(stored.get(i)).as("row %d (1-based)", i + 1).isEqualTo(expected.get(i));
    }
  }

  private record Row(Instant ts, Map<String, Double> values) {
  }

  private static List<Row> nabRows() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(NAB_FILE);
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        String[] cells = line.split(",");
        Instant ts = LocalDateTime.parse(cells[0].trim(), NAB_TIME).toInstant(ZoneOffset.UTC);
        rows.add(new Row(ts, Map.of("value", Double.parseDouble(cells[1].trim()))));
      }
    }
    return rows;
  }

  /**
   * TEP's streaming protocol for one fault: the 500 normal samples of d00.dat (stored transposed,
   * one line per variable) and then the 960 samples of the fault's test file, 3 minutes apart.
   */
  private static List<Row> tepRows(String faultFile) throws IOException {
    List<double[]> normalByVariable = numbers(TEP.resolve("d00.dat"));
    List<double[]> samples = new ArrayList<>();
    for (int s = 0; s < normalByVariable.get(0).length; s++) {
      double[] sample = new double[normalByVariable.size()];
      for (int v = 0; v < sample.length; v++) {
        sample[v] = normalByVariable.get(v)[s];
      }
      samples.add(sample);
    }
    samples.addAll(numbers(TEP.resolve(faultFile)));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Map<String, Double> values = new TreeMap<>();
      for (int v = 0; v < samples.get(i).length; v++) {
        values.put(String.format("x%02d", v + 1), samples.get(i)[v]);
      }
      rows.add(new Row(TEP_START.plus(TEP_STEP.multipliedBy(i)), values));
    }
    return rows;
  }

  private static List<double[]> numbers(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank())
        .map(l -> java.util.Arrays.stream(l.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray())
        .toList();
  }

  private static JsonObject wire(Row row, long seq) {
    JsonObject metrics = new JsonObject(new LinkedHashMap<>(row.values()));
    return new JsonObject().put("ts", row.ts().toString()).put("seq", seq).put("metrics", metrics);
  }

  private static void publish(String device, List<JsonObject> readings) throws Exception {
    ReplayPublisher publisher = new ReplayPublisher(vertx, BrokerAddress.parse(broker.url()), device,
        IN_FLIGHT);
    publisher.connect().await(10, TimeUnit.SECONDS);
    for (JsonObject reading : readings) {
      publisher.send(reading);
    }
    assertThat(publisher.awaitAcknowledged(Duration.ofMinutes(3))).as("every reading acknowledged").isTrue();
    publisher.close().await(10, TimeUnit.SECONDS);
  }

  /** The stored verdicts in row order, once all rows are there (acknowledged means stored, but poll anyway). */
  private static List<Verdict> storedVerdicts(String device, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    List<Verdict> verdicts = List.of();
    while (System.nanoTime() < deadline) {
      verdicts = db.preparedQuery("SELECT score, anomalous, model_version FROM readings WHERE device_id = $1 ORDER BY seq")
          .execute(Tuple.of(device)).await().stream()
          .map(r -> new Verdict(r.getDouble("score"), r.getBoolean("anomalous"), r.getInteger("model_version")))
          .toList();
      if (verdicts.size() >= expected) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(verdicts).hasSize(expected);
    return verdicts;
  }
}
