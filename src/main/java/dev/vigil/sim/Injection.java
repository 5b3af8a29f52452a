package dev.vigil.sim;

import java.time.Instant;
import java.util.Random;

/** One anomaly being injected into one metric of one device: its shape and how far along it is. */
final class Injection {

  private final AnomalyKind kind;
  private final MetricSpec metric;
  private final int length;
  private final double magnitude;
  private final Instant start;
  private Instant lastTs;
  private int done;
  private double stuckValue = Double.NaN;

  private Injection(AnomalyKind kind, MetricSpec metric, int length, double magnitude, Instant start) {
    this.kind = kind;
    this.metric = metric;
    this.length = length;
    this.magnitude = magnitude;
    this.start = start;
  }

  /** Lengths are in readings, so an anomaly looks the same at any publish rate. */
  static Injection start(AnomalyKind kind, MetricSpec metric, Instant ts, Random faults) {
    int length = switch (kind) {
      case SPIKE -> 1 + faults.nextInt(2);
      case DROP -> 1 + faults.nextInt(4);
      case STUCK -> 40 + faults.nextInt(81);
      case DRIFT -> 80 + faults.nextInt(161);
      case NOISE_BURST -> 20 + faults.nextInt(41);
      case SILENT -> 30 + faults.nextInt(61);
    };
    double magnitude = metric.spread() * (3.0 + 2.0 * faults.nextDouble());
    return new Injection(kind, metric, length, magnitude, ts);
  }

  AnomalyKind kind() {
    return kind;
  }

  MetricSpec metric() {
    return metric;
  }

  Instant lastTs() {
    return lastTs;
  }

  /** The faulty value replacing the clean {@code value} of the current reading. */
  double apply(double value, Random faults) {
    return switch (kind) {
      case SPIKE -> value + magnitude;
      case DROP -> Math.max(metric.min(), value - magnitude);
      case STUCK -> {
        if (Double.isNaN(stuckValue)) {
          stuckValue = metric.round(value);
        }
        yield stuckValue;
      }
      case DRIFT -> value + magnitude * 0.6 * (done + 1) / length;
      case NOISE_BURST -> value + Math.max(metric.noise(), metric.spread() / 6) * 6 * faults.nextGaussian();
      case SILENT -> value;
    };
  }

  void record(Instant ts) {
    lastTs = ts;
    done++;
  }

  boolean done() {
    return done >= length;
  }

  AnomalyLabel label(String deviceId) {
    String name = kind == AnomalyKind.SILENT ? AnomalyLabel.ALL_METRICS : metric.name();
    return new AnomalyLabel(deviceId, kind, start, lastTs, name);
  }
}
