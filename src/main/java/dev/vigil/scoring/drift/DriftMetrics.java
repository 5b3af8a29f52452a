package dev.vigil.scoring.drift;

import java.util.Arrays;

/** Population stability index and the two-sample Kolmogorov-Smirnov statistic. Pure functions. */
public final class DriftMetrics {

  /** Bins of the PSI: deciles of the reference. */
  public static final int BINS = 10;
  private static final double EMPTY_BIN = 1e-4;

  /**
   * A reference sample ready to be compared with many recent ones: sorted, with its PSI bin edges and its
   * share in each bin. A model's training window never changes, so its drift checks need sort it only once.
   */
  record Reference(double[] sorted, double[] edges, double[] shares) {
  }

  private DriftMetrics() {
  }

  /** Prepares {@code values} (left as they are) for the psi and ks of each check against them. */
  static Reference reference(double[] values) {
    double[] sorted = sorted(values);
    double[] edges = new double[BINS - 1];
    for (int b = 1; b < BINS; b++) {
      edges[b - 1] = sorted[(int) Math.floor(b * (sorted.length - 1) / (double) BINS)];
    }
    // Counting into bins ignores order, so the sorted copy gives the very shares the values would.
    return new Reference(sorted, edges, shares(sorted, edges));
  }

  /**
   * PSI = sum over bins of (recent% - reference%) * ln(recent% / reference%), with bins at the
   * reference's deciles (empty bins count as a tiny share so the log stays finite).
   */
  public static double psi(double[] reference, double[] recent) {
    return psi(reference(reference), recent);
  }

  static double psi(Reference reference, double[] recent) {
    double[] expected = reference.shares();
    double[] actual = shares(recent, reference.edges());
    double psi = 0;
    for (int b = 0; b < BINS; b++) {
      psi += (actual[b] - expected[b]) * Math.log(actual[b] / expected[b]);
    }
    return psi;
  }

  private static double[] shares(double[] values, double[] edges) {
    double[] counts = new double[edges.length + 1];
    for (double v : values) {
      int bin = Arrays.binarySearch(edges, v);
      // values equal to an edge go to the bin below it; others to their insertion point
      counts[bin >= 0 ? firstEqual(edges, bin) : -bin - 1]++;
    }
    for (int b = 0; b < counts.length; b++) {
      counts[b] = Math.max(counts[b] / values.length, EMPTY_BIN);
    }
    return counts;
  }

  private static int firstEqual(double[] edges, int index) {
    while (index > 0 && edges[index - 1] == edges[index]) {
      index--;
    }
    return index;
  }

  /** The largest distance between the two empirical distribution functions, in [0, 1]. */
  public static double ks(double[] a, double[] b) {
    return largestGap(sorted(a), sorted(b));
  }

  static double ks(Reference reference, double[] recent) {
    return largestGap(reference.sorted(), sorted(recent));
  }

  private static double largestGap(double[] x, double[] y) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] == v) {
        i++;
      }
      while (j < y.length && y[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs(i / (double) x.length - j / (double) y.length));
    }
    return d;
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
