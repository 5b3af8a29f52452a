package dev.vigil.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The signal of one simulated device: daily and weekly cycles, Gaussian noise, and now and then an
 * injected anomaly, labelled when it ends. Pure and deterministic for a given seed: noise and
 * faults draw from two separate random streams, so a run with injection switched off yields exactly
 * the clean signal a faulty run was built on.
 */
public final class SignalGenerator {

  private final String deviceId;
  private final DeviceKind kind;
  private final Scenario scenario;
  private final Random noise;
  private final Random faults;
  private final Consumer<AnomalyLabel> labels;
  private final List<MetricSpec> faultable;
  private Injection active;
  private long readings;
  private long seq;

  public SignalGenerator(String deviceId, DeviceKind kind, Scenario scenario, long seed,
      Consumer<AnomalyLabel> labels) {
    this.deviceId = deviceId;
    this.kind = kind;
    this.scenario = scenario;
    this.noise = new Random(seed);
    this.faults = new Random(seed * 31 + 17);
    this.labels = labels;
    this.faultable = kind.metrics().stream().filter(MetricSpec::anomalies).toList();
  }

  public String deviceId() {
    return deviceId;
  }

  /** The reading due at {@code ts}, or empty when the device is (injected) silent. */
  public Optional<Sample> next(Instant ts) {
    readings++;
    maybeStartInjection(ts);
    ZonedDateTime time = ts.atZone(ZoneOffset.UTC);
    double hour = time.getHour() + time.getMinute() / 60.0 + time.getSecond() / 3600.0;
    boolean weekend = time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY;
    Map<String, Double> values = new LinkedHashMap<>();
    for (MetricSpec metric : kind.metrics()) {
      double followed = metric.follows() == null ? 0.0 : values.get(metric.follows());
      double value = metric.clamp(metric.cleanValue(hour, weekend, followed) + metric.noise() * noise.nextGaussian());
      if (active != null && metric.name().equals(active.metric().name())) {
        value = active.apply(value, faults);
      }
      values.put(metric.name(), metric.round(value));
    }
    boolean silent = active != null && active.kind() == AnomalyKind.SILENT;
    advanceInjection(ts);
    if (silent) {
      return Optional.empty();
    }
    seq++;
    return Optional.of(new Sample(ts, seq, Map.copyOf(values)));
  }

  /** Labels an anomaly still running when the device stops, ending at its last reading. */
  public void finish() {
    if (active != null && active.lastTs() != null) {
      labels.accept(active.label(deviceId));
    }
    active = null;
  }

  private void maybeStartInjection(Instant ts) {
    double mean = scenario.meanReadingsBetweenAnomalies();
    if (active != null || mean <= 0 || readings <= scenario.quietReadings() || faults.nextDouble() >= 1.0 / mean) {
      return;
    }
    AnomalyKind anomaly = pickKind();
    MetricSpec metric = anomaly == AnomalyKind.SILENT || faultable.isEmpty()
        ? kind.metrics().get(0) : faultable.get(faults.nextInt(faultable.size()));
    active = Injection.start(anomaly, metric, ts, faults);
  }

  private void advanceInjection(Instant ts) {
    if (active == null) {
      return;
    }
    active.record(ts);
    if (active.done()) {
      labels.accept(active.label(deviceId));
      active = null;
    }
  }

  private AnomalyKind pickKind() {
    Map<AnomalyKind, Double> weights = scenario.anomalyWeights();
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    double r = faults.nextDouble() * total;
    for (AnomalyKind kind : AnomalyKind.values()) {
      r -= weights.getOrDefault(kind, 0.0);
      if (r < 0) {
        return kind;
      }
    }
    return AnomalyKind.SPIKE;
  }
}
