package dev.vigil.scoring.detect;

import dev.vigil.scoring.ScoredReading.Contribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Says which metrics made a reading anomalous and what range each was expected in. */
final class Explainer {

  /** Expected range: the long-term mean plus or minus this many standard deviations. */
  static final double RANGE_SIGMAS = 3.0;

  private final String[] metrics;
  private final MetricWindow[] windows;

  Explainer(String[] metrics, MetricWindow[] windows) {
    this.metrics = metrics;
    this.windows = windows;
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
      double mean = windows[m].expectedMean();
      double spread = RANGE_SIGMAS * windows[m].expectedSpread();
      double share = total > 0 ? strength[m] / total : 1.0 / metrics.length;
      out.add(new Contribution(metrics[m], values[m], mean - spread, mean + spread, share));
    }
    out.sort(Comparator.comparingDouble(Contribution::share).reversed());
    return out;
  }
}
