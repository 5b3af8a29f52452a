package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class FiguresTest {

  static final List<String> REQUIRED = List.of("broker.throughput", "postgres.throughput", "vigil.throughput",
      "vigil.p50_ms_half_load", "vigil.p99_ms_half_load", "vigil.cpu_ms_per_reading", "vigil.bytes_per_datapoint",
      "vigil.bytes_per_datapoint_compacted");

  private final BenchSettings settings = new BenchSettings(20, 3, 0, Duration.ofSeconds(1), Duration.ofSeconds(10), 3,
      0, 300, true, 500, false, 6);

  private static PhaseResult result(double throughput, String process, double cpuMs, long... latencyMicros) {
    Histogram h = new Histogram(3);
    for (long micros : latencyMicros) {
      h.recordValue(micros);
    }
    return new PhaseResult(throughput, h, Map.of(process, cpuMs), 100, 100);
  }

  private Figures measured() {
    Figures f = new Figures(settings);
    for (double t : new double[] {1000, 1200, 900}) {
      f.brokerMax.add(result(t, "broker", 0.1));
      f.postgresMax.add(result(t * 3, "postgres", 0.05));
    }
    f.addVigilMax(result(800, "vigil", 0.2), 300_000);
    f.addVigilMax(result(700, "vigil", 0.3), 300_000);
    f.addVigilMax(result(900, "vigil", 0.4), 300_000);
    f.compacted(3000, 120_000);
    f.halfLoadRates();
    f.brokerHalf.add(result(500, "broker", 0.1, 1000, 2000, 4000));
    f.vigilHalf.add(result(400, "vigil", 0.2, 5000, 8000, 20000));
    return f;
  }

  @Test
  void writesEveryRequiredKeyAsAFiniteNumber() {
    JsonObject json = measured().toJson(Map.of());

    for (String key : REQUIRED) {
      String[] path = key.split("\\.");
      Object value = json.getJsonObject(path[0]).getValue(path[1]);
      assertThat(value).as(key).isInstanceOf(Number.class);
      assertThat(((Number) value).doubleValue()).as(key).isFinite();
    }
  }

  @Test
  void givesVigilsThroughputAsARatioOfTheBrokersMedian() {
    JsonObject json = measured().toJson(Map.of());

    assertThat(json.getJsonObject("broker").getDouble("throughput")).isEqualTo(1000);
    assertThat(json.getJsonObject("vigil").getDouble("throughput")).isEqualTo(800);
    assertThat(json.getJsonObject("ratios").getDouble("throughput_vs_broker")).isEqualTo(0.8);
    assertThat(json.getJsonObject("ratios").getDouble("throughput_vs_postgres")).isCloseTo(800 / 3000.0,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(json.getJsonObject("ratios").getDouble("cpu_vs_broker")).isCloseTo(3.0,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void offersHalfOfEachContendersOwnMaximumForTheLatency() {
    Figures f = measured();

    assertThat(f.brokerHalfRate()).isEqualTo(500);
    assertThat(f.vigilHalfRate()).isEqualTo(400);
  }

  @Test
  void dividesTheBytesAddedByTheRowsStoredAndTheMetrics() {
    JsonObject vigil = measured().toJson(Map.of()).getJsonObject("vigil");

    assertThat(vigil.getDouble("bytes_per_reading")).isEqualTo(3000);
    assertThat(vigil.getDouble("bytes_per_datapoint")).isEqualTo(1000);
  }

  @Test
  void dividesTheBytesOfTheCompactedBlocksByTheReadingsCompactedAndTheMetrics() {
    JsonObject vigil = measured().toJson(Map.of()).getJsonObject("vigil");

    assertThat(vigil.getLong("readings_compacted")).isEqualTo(3000);
    assertThat(vigil.getDouble("bytes_per_reading_compacted")).isEqualTo(40);
    assertThat(vigil.getDouble("bytes_per_datapoint_compacted"))
        .isCloseTo(40 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void leavesOutARatioWhoseLimitWasNotMeasured() {
    Figures f = new Figures(settings);
    f.brokerMax.add(new PhaseResult(1000, new Histogram(3), Map.of(), 10, 10));
    f.vigilMax.add(result(800, "vigil", 0.2));

    JsonObject json = f.toJson(Map.of("broker_cpu", "not local"));

    assertThat(json.getJsonObject("ratios").containsKey("cpu_vs_broker")).isFalse();
    assertThat(json.getJsonObject("ratios").getDouble("throughput_vs_broker")).isEqualTo(0.8);
    assertThat(json.getJsonObject("unavailable").getString("broker_cpu")).isEqualTo("not local");
  }

  @Test
  void takesTheHighestSustainedRatesAsTheMaximaAndTheirRatio() {
    Figures f = measured();
    f.searched(searched(1000, 1250, 2000), searched(900, 1125, 1000));
    f.halfLoadRates();

    JsonObject json = f.toJson(Map.of());

    assertThat(json.getJsonObject("broker").getDouble("sustained_throughput")).isEqualTo(1250);
    assertThat(json.getJsonObject("vigil").getDouble("sustained_throughput")).isEqualTo(900);
    assertThat(json.getJsonObject("ratios").getDouble("sustained_throughput_vs_broker")).isEqualTo(900 / 1250.0);
    assertThat(json.getJsonObject("vigil").getJsonArray("sustained_search")).hasSize(2);
    assertThat(json.getJsonObject("vigil").getJsonArray("sustained_search").getJsonObject(1).getBoolean("sustained"))
        .isFalse();
    assertThat(f.brokerHalfRate()).isEqualTo(625);
    assertThat(f.vigilHalfRate()).isEqualTo(450);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BenchReport.print(json, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("broker alone 1,250 /s, **Vigil 900 /s: 0.72 x the broker**")
        .contains("Vigil 900 -> 900 (1.00) yes, 1,125 -> 1,000 (1.00) no.");
  }

  /** Two steps from {@code start} against a contender that keeps up with up to {@code limit} readings/s. */
  private static SustainedRateSearch searched(double start, double second, double limit) {
    SustainedRateSearch search = new SustainedRateSearch(start, 2);
    for (double rate : new double[] {start, second}) {
      assertThat(search.nextRate()).isEqualTo(rate);
      search.record(result(Math.min(rate, limit), "x", 0, 1000));
    }
    return search;
  }

  @Test
  void printsTheFiguresOfTheJson() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BenchReport.print(measured().toJson(Map.of()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertThat(text).contains("| **Vigil** (ack after commit) | **800 [700-900]** | **0.80** |")
        .contains("3,000 bytes per reading, 1,000 bytes per data point as recent rows")
        .contains("compacted into blocks (every reading of the run, 3000, after the phases): 40.00 bytes per reading,"
            + " 13.33 per data point")
        .contains("- Acknowledged by the broker and never arrived, over the flat-out rounds: broker alone 0, Vigil 0.")
        .contains("- Highest rate sustained: not searched (--search-steps 0)");
  }

  @Test
  void printsSmallFiguresWithTheirMeaningfulDigits() {
    JsonObject cpu = new JsonObject().put("vigil", 0.0418836).put("ratio", 0.8).put("rate", 16925.53)
        .put("ms", 8.991);

    assertThat(BenchReport.num(cpu, "vigil")).isEqualTo("0.04188");
    assertThat(BenchReport.num(cpu, "ratio")).isEqualTo("0.80");
    assertThat(BenchReport.num(cpu, "ms")).isEqualTo("8.99");
    assertThat(BenchReport.num(cpu, "rate")).isEqualTo("16,926");
    assertThat(BenchReport.num(cpu, "missing")).isEqualTo("-");
  }

  @Test
  void printsWhenEachHalfLoadWindowWasWorstAndHowManyQuarterSecondsPassedFiftyMs() {
    Figures f = measured();
    Instant start = Instant.parse("2026-12-03T08:00:00Z");
    LatencyTimeline timeline = LatencyTimeline.of(start, Duration.ofSeconds(2));
    timeline.record(start.plusMillis(100), 2_000);
    timeline.record(start.plusMillis(800), 311_000);
    timeline.record(start.plusMillis(1_100), 60_000);
    f.vigilHalf.add(new PhaseResult(400, new Histogram(3), new Histogram(3), timeline, Map.of(), 100, 100));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    JsonObject json = f.toJson(Map.of());
    BenchReport.print(json, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(json.getJsonObject("vigil").getJsonArray("half_load_windows")).hasSize(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("- Vigil's half-load window 1 of 1, from"
        + " 2026-12-03T08:00:00Z: worst 311.0 ms, sent at +0.75 s; 2 of 8 quarter-seconds above 50 ms;"
        + " worst of each (1 ms ▁ to 1 s █): `▂  ▇▅   `");
  }
}
