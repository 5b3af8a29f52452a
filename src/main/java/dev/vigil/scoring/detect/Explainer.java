package dev.vigil.scoring.detect;

import dev.vigil.scoring.ScoredReading.Contribution;
import dev.vigil.scoring.ScoredReading.Range;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Says what range each metric was expected in (for every judged reading: the dashboard's band) and,
 * for an anomaly, which metrics made it anomalous. Both read {@link MetricWindow#expectedLow} and
 * {@link MetricWindow#expectedHigh}, so an alert's "expected X to Y" is the band drawn at that reading.
 * Call before the windows fold the reading in: the range is what the model expected, not what it saw.
 */
final class Explainer {

  private final String[] metrics;
  private final MetricWindow[] windows;

  Explainer(String[] metrics, MetricWindow[] windows) {
    this.metrics = metrics;
    this.windows = windows;
  }

  /**
   * The expected range of every metric; a metric whose range is not finite (a history of values near
   * the double limits) is left out rather than drawn wrong. One small map per reading, O(metrics).
   */
  Map<String, Range> expectedRanges() {
    @SuppressWarnings("unchecked")
    Map.Entry<String, Range>[] entries = new Map.Entry[metrics.length];
    int n = 0;
    for (int m = 0; m < metrics.length; m++) {
      double low = windows[m].expectedLow();
      double high = windows[m].expectedHigh();
      if (Range.valid(low, high)) {
        entries[n++] = Map.entry(metrics[m], new Range(low, high));
      }
    }
    return Map.ofEntries(n == entries.length ? entries : Arrays.copyOf(entries, n));
  }

  /** Contributions strongest first; only called for anomalies, so it may allocate. */
  List<Contribution> explain(double[] values, double[] features) {
    double[] strength = new double[metrics.length];
    double total = 0;
    for (int m = 0; m < metrics.length; m++) {
      for (int f = 0; f < MetricWindow.FEATURES; f++) {
        strength[m] = Math.max(strength[m], Math.abs(features[m * MetricWindow.FEATURES + f]));
      }
      total += strength[m];
    }
    List<Contribution> out = new ArrayList<>(metrics.length);
    for (int m = 0; m < metrics.length; m++) {
      double share = total > 0 ? strength[m] / total : 1.0 / metrics.length;
      out.add(new Contribution(metrics[m], values[m], windows[m].expectedLow(), windows[m].expectedHigh(), share));
    }
    out.sort(Comparator.comparingDouble(Contribution::share).reversed());
    return out;
  }

  /** Contributions from shares computed elsewhere (the joint model's), strongest first. */
  List<Contribution> explainShares(double[] values, double[] shares) {
    List<Contribution> out = new ArrayList<>(metrics.length);
    for (int m = 0; m < metrics.length; m++) {
      out.add(new Contribution(metrics[m], values[m], windows[m].expectedLow(), windows[m].expectedHigh(), shares[m]));
    }
    out.sort(Comparator.comparingDouble(Contribution::share).reversed());
    return out;
  }
}
