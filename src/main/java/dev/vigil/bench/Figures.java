package dev.vigil.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The results of a bench run and the one JSON object they become (what {@code --json} writes and what
 * {@link BenchReport} prints): medians over rounds with their range, half-load latency over all
 * half-load rounds, CPU per reading, bytes per reading (as recent rows and compacted), memory per device,
 * and each figure of Vigil as a ratio to the broker's and PostgreSQL's own. A figure that could not be
 * measured is absent, never NaN.
 */
final class Figures {

  final List<PhaseResult> brokerMax = new ArrayList<>();
  final List<PhaseResult> postgresMax = new ArrayList<>();
  final List<PhaseResult> vigilMax = new ArrayList<>();
  final List<PhaseResult> brokerHalf = new ArrayList<>();
  final List<PhaseResult> vigilHalf = new ArrayList<>();
  private SustainedRateSearch brokerSearch = new SustainedRateSearch(Double.NaN, 0);
  private SustainedRateSearch vigilSearch = new SustainedRateSearch(Double.NaN, 0);
  private double brokerHalfRate;
  private double vigilHalfRate;
  private final BenchSettings settings;
  private long vigilRows;
  private long vigilBytes;
  private long compactedReadings;
  private long compactedBytes;
  private double heapPerDevice = Double.NaN;
  private JsonObject fleet;

  Figures(BenchSettings settings) {
    this.settings = settings;
  }

  /** The searches for the highest sustained rates, once run; until then the flat-out medians stand for the maxima. */
  void searched(SustainedRateSearch broker, SustainedRateSearch vigil) {
    this.brokerSearch = broker;
    this.vigilSearch = vigil;
  }

  void addVigilMax(PhaseResult result, long bytesAdded) {
    vigilMax.add(result);
    vigilRows += result.arrived();
    vigilBytes += bytesAdded;
  }

  /** Every reading the run stored, compacted into blocks, and what the readings tables then take over their start. */
  void compacted(long readings, long bytesAdded) {
    compactedReadings = readings;
    compactedBytes = bytesAdded;
  }

  /**
   * The latency phases' offered rate: as asked, or half of each one's maximum (the highest rate it sustained,
   * else its flat-out median), but at least one reading per second per device (a run too short to measure a
   * maximum still measures a latency).
   */
  void halfLoadRates() {
    brokerHalfRate = halfLoad(maximum(brokerSearch, brokerMax));
    vigilHalfRate = halfLoad(maximum(vigilSearch, vigilMax));
  }

  double brokerHalfRate() {
    return brokerHalfRate;
  }

  double vigilHalfRate() {
    return vigilHalfRate;
  }

  private static double maximum(SustainedRateSearch search, List<PhaseResult> flatOut) {
    double sustained = search.highestSustained();
    return Double.isFinite(sustained) ? sustained : median(flatOut, PhaseResult::throughput);
  }

  private double halfLoad(double maximum) {
    double half = settings.latencyRate() > 0 ? settings.latencyRate() : maximum / 2;
    return Double.isFinite(half) ? Math.max(half, settings.devices()) : settings.devices();
  }

  void heapPerDevice(int devices, long heapAdded) {
    heapPerDevice = heapAdded / 1024.0 / devices;
  }

  void fleet(PhaseResult result, long heapAdded, double offeredRate) {
    fleet = new JsonObject().put("devices", settings.fleet()).put("readings_per_device", settings.fleetReadings())
        .put("offered_rate", offeredRate)
        .put("readings_stored", result.arrived())
        .put("complete", result.arrived() >= (long) settings.fleet() * settings.fleetReadings());
    put(fleet, "throughput", result.throughput());
    put(fleet, "heap_kib_per_device", heapAdded / 1024.0 / settings.fleet());
    put(fleet, "cpu_ms_per_reading", result.cpuMsPerReading().getOrDefault("vigil", Double.NaN));
  }

  JsonObject toJson(Map<String, String> unavailable) {
    JsonObject broker = contender(brokerMax, "broker");
    broker.put("subscriber_session", settings.brokerCleanSession() ? "clean" : "persistent");
    sustained(broker, brokerSearch);
    latency(broker, brokerHalf, brokerHalfRate);
    JsonObject postgres = contender(postgresMax, "postgres");
    postgres.put("batch_size", settings.batchSize());
    JsonObject vigil = contender(vigilMax, "vigil");
    sustained(vigil, vigilSearch);
    latency(vigil, vigilHalf, vigilHalfRate);
    put(vigil, "broker_cpu_ms_per_reading", median(vigilMax, r -> cpu(r, "broker")));
    put(vigil, "postgres_cpu_ms_per_reading", median(vigilMax, r -> cpu(r, "postgres")));
    put(vigil, "load_generator_cpu_ms_per_reading", median(vigilMax, r -> cpu(r, "load_generator")));
    vigil.put("rows_stored_flat_out", vigilRows);
    put(vigil, "bytes_per_reading", vigilRows == 0 ? Double.NaN : (double) vigilBytes / vigilRows);
    put(vigil, "bytes_per_datapoint", vigilRows == 0 ? Double.NaN : (double) vigilBytes / vigilRows / settings.metrics());
    vigil.put("readings_compacted", compactedReadings);
    double perCompacted = compactedReadings == 0 ? Double.NaN : (double) compactedBytes / compactedReadings;
    put(vigil, "bytes_per_reading_compacted", perCompacted);
    put(vigil, "bytes_per_datapoint_compacted", perCompacted / settings.metrics());
    put(vigil, "heap_kib_per_device", heapPerDevice);
    JsonObject out = new JsonObject().put("settings", settings()).put("broker", broker).put("postgres", postgres)
        .put("vigil", vigil).put("ratios", ratios(broker, postgres, vigil));
    if (fleet != null) {
      out.put("fleet", fleet);
    }
    return out.put("unavailable", new JsonObject(Map.copyOf(unavailable)));
  }

  /** Vigil's figures over the broker's and PostgreSQL's: 1.0 is the limit for throughput. */
  static JsonObject ratios(JsonObject broker, JsonObject postgres, JsonObject vigil) {
    JsonObject r = new JsonObject();
    ratio(r, "throughput_vs_broker", vigil, broker, "throughput");
    ratio(r, "throughput_vs_postgres", vigil, postgres, "throughput");
    ratio(r, "sustained_throughput_vs_broker", vigil, broker, "sustained_throughput");
    ratio(r, "p50_vs_broker", vigil, broker, "p50_ms_half_load");
    ratio(r, "p99_vs_broker", vigil, broker, "p99_ms_half_load");
    ratio(r, "cpu_vs_broker", vigil, broker, "cpu_ms_per_reading");
    ratio(r, "cpu_vs_postgres", vigil, postgres, "cpu_ms_per_reading");
    return r;
  }

  private static void ratio(JsonObject into, String name, JsonObject of, JsonObject to, String key) {
    Double a = of.getDouble(key);
    Double b = to.getDouble(key);
    if (a != null && b != null && b > 0) {
      put(into, name, a / b);
    }
  }

  private JsonObject settings() {
    return new JsonObject().put("devices", settings.devices()).put("metrics", settings.metrics())
        .put("warmup_s", settings.warmup().toMillis() / 1000.0).put("duration_s", settings.seconds())
        .put("rounds", settings.rounds()).put("search_steps", settings.searchSteps())
        .put("load_generator", settings.childLoad() ? "child JVM" : "Vigil's JVM");
  }

  private static JsonObject contender(List<PhaseResult> rounds, String process) {
    JsonObject c = new JsonObject();
    put(c, "throughput", median(rounds, PhaseResult::throughput));
    put(c, "throughput_min", rounds.stream().mapToDouble(PhaseResult::throughput).min().orElse(Double.NaN));
    put(c, "throughput_max", rounds.stream().mapToDouble(PhaseResult::throughput).max().orElse(Double.NaN));
    c.put("throughput_rounds", new JsonArray(rounds.stream().map(r -> (Object) r.throughput()).toList()));
    put(c, "cpu_ms_per_reading", median(rounds, r -> cpu(r, process)));
    c.put("readings_not_arrived", rounds.stream().mapToLong(PhaseResult::notArrived).sum());
    return c;
  }

  /** The highest rate sustained, and every step of the search that found it, in order. */
  private static void sustained(JsonObject into, SustainedRateSearch search) {
    put(into, "sustained_throughput", search.highestSustained());
    into.put("sustained_search", new JsonArray(search.steps().stream().map(step -> {
      JsonObject s = new JsonObject().put("offered", step.rate()).put("sustained", step.sustained())
          .put("not_arrived", step.result().notArrived());
      put(s, "throughput", step.result().throughput());
      put(s, "p99_ms", step.result().percentileMs(99));
      return (Object) s;
    }).toList()));
  }

  private static void latency(JsonObject into, List<PhaseResult> rounds, double rate) {
    Histogram all = new Histogram(3);
    rounds.forEach(r -> all.add(r.latencyMicros()));
    put(into, "half_load_rate", rate);
    put(into, "half_load_throughput", median(rounds, PhaseResult::throughput));
    if (all.getTotalCount() > 0) {
      put(into, "p50_ms_half_load", all.getValueAtPercentile(50) / 1000.0);
      put(into, "p99_ms_half_load", all.getValueAtPercentile(99) / 1000.0);
      put(into, "p999_ms_half_load", all.getValueAtPercentile(99.9) / 1000.0);
      put(into, "max_ms_half_load", all.getMaxValue() / 1000.0);
    }
    into.put("half_load_windows", new JsonArray(rounds.stream().map(PhaseResult::timeline)
        .filter(t -> !t.isEmpty()).map(t -> (Object) t.toJson()).toList()));
    Histogram inside = new Histogram(3);
    rounds.forEach(r -> inside.add(r.insideMicros()));
    if (inside.getTotalCount() > 0) {
      put(into, "p50_ms_half_load_inside", inside.getValueAtPercentile(50) / 1000.0);
      put(into, "p99_ms_half_load_inside", inside.getValueAtPercentile(99) / 1000.0);
    }
  }

  private static double cpu(PhaseResult r, String process) {
    return r.cpuMsPerReading().getOrDefault(process, Double.NaN);
  }

  /** The median of the finite values; NaN when there is none. */
  static double median(List<PhaseResult> rounds, ToDoubleFunction<PhaseResult> figure) {
    double[] values = rounds.stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** Puts a finite figure; leaves an unmeasurable one out. */
  static void put(JsonObject into, String key, double value) {
    if (Double.isFinite(value)) {
      into.put(key, value);
    }
  }
}
