package dev.vigil.scoring.detect;

import java.util.Arrays;
import java.util.Optional;
import org.tribuo.math.la.DenseMatrix;

/**
 * A PCA model of a device's normal operation across all its metrics (the textbook process-monitoring
 * model): metrics standardised with the mean and deviation of the fit rows, the k leading principal
 * components of their correlation, and two statistics per reading:
 * <ul>
 *   <li>Hotelling's T^2, the distance inside the model's plane (every metric moving, together, further
 *       than usual), and</li>
 *   <li>Q (SPE), the squared residual off that plane (the usual relationship between metrics broken,
 *       even when each one is in its range).</li>
 * </ul>
 * Each is divided by its limit (a quantile on calibration rows), and the joint statistic is the larger
 * of the two ratios: 1 is "as far out as the rare normal reading". Immutable; scoring allocates nothing.
 * The eigen decomposition is Tribuo's ({@code DenseMatrix.eigenDecomposition}).
 */
public final class JointModel {

  private final double[] mean;
  private final double[] sd;
  /** k x m: row j is the j-th principal direction. */
  private final double[][] loadings;
  private final double[] eigenvalues;
  private final double t2Limit;
  private final double qLimit;

  private JointModel(double[] mean, double[] sd, double[][] loadings, double[] eigenvalues, double t2Limit,
      double qLimit) {
    this.mean = mean;
    this.sd = sd;
    this.loadings = loadings;
    this.eigenvalues = eigenvalues;
    this.t2Limit = t2Limit;
    this.qLimit = qLimit;
  }

  /**
   * Fits mean, deviation and components on {@code fit} rows and takes the {@code quantile} of T^2 and Q
   * on {@code calibration} rows as their limits (pass the fit rows again for the textbook, optimistic,
   * in-sample limits).
   *
   * @param components k, or 0 for the fewest components explaining {@code variance} of the total
   */
  public static Optional<JointModel> fit(double[][] fit, double[][] calibration, int components, double variance,
      double quantile) {
    int m = fit[0].length;
    if (fit.length < 3 || calibration.length < 1) {
      return Optional.empty();
    }
    double[] mean = new double[m];
    double[] sd = new double[m];
    standardisation(fit, mean, sd);
    DenseMatrix correlation = correlation(fit, mean, sd);
    Optional<DenseMatrix.EigenDecomposition> eigen = correlation.eigenDecomposition();
    if (eigen.isEmpty()) {
      return Optional.empty();
    }
    double[] values = eigen.get().eigenvalues().toArray();
    DenseMatrix vectors = eigen.get().eigenvectors();
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    int k = components > 0 ? Math.min(components, m) : componentsFor(values, order, variance);
    double floor = 1e-6 * Math.max(1e-12, Arrays.stream(values).map(v -> Math.max(v, 0)).sum());
    double[][] loadings = new double[k][m];
    double[] lambdas = new double[k];
    for (int j = 0; j < k; j++) {
      lambdas[j] = Math.max(values[order[j]], floor);
      for (int i = 0; i < m; i++) {
        loadings[j][i] = vectors.get(i, order[j]);
      }
    }
    JointModel unlimited = new JointModel(mean, sd, loadings, lambdas, 1, 1);
    double[] t2 = new double[calibration.length];
    double[] q = new double[calibration.length];
    for (int r = 0; r < calibration.length; r++) {
      double[] stats = unlimited.statistics(calibration[r]);
      t2[r] = stats[0];
      q[r] = stats[1];
    }
    return Optional.of(new JointModel(mean, sd, loadings, lambdas, positive(quantile(t2, quantile)),
        positive(quantile(q, quantile))));
  }

  /** {T^2, Q} of one reading, not divided by their limits. */
  public double[] statistics(double[] x) {
    double t2 = 0;
    double projected = 0;
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double z = (x[i] - mean[i]) / sd[i];
      total += z * z;
    }
    for (int j = 0; j < loadings.length; j++) {
      double t = score(x, j);
      t2 += t * t / eigenvalues[j];
      projected += t * t;
    }
    return new double[] {t2, Math.max(0, total - projected)};
  }

  /** The joint statistic: the larger of T^2 and Q, each divided by its limit. */
  public double joint(double[] x) {
    double[] stats = statistics(x);
    return Math.max(stats[0] / t2Limit, stats[1] / qLimit);
  }

  /**
   * Each metric's share of the joint statistic, summing to 1: its part of the residual Q (a broken
   * relationship) plus its part of T^2 (a shared excursion), each divided by its limit. The standard
   * contribution plots of process monitoring, folded into one number per metric.
   */
  public double[] contributions(double[] x) {
    int m = x.length;
    double[] z = new double[m];
    for (int i = 0; i < m; i++) {
      z[i] = (x[i] - mean[i]) / sd[i];
    }
    double[] t = new double[loadings.length];
    for (int j = 0; j < loadings.length; j++) {
      t[j] = score(x, j);
    }
    double[] share = new double[m];
    double total = 0;
    for (int i = 0; i < m; i++) {
      double reconstructed = 0;
      double t2Part = 0;
      for (int j = 0; j < loadings.length; j++) {
        reconstructed += t[j] * loadings[j][i];
        t2Part += t[j] * loadings[j][i] / eigenvalues[j];
      }
      double residual = z[i] - reconstructed;
      share[i] = residual * residual / qLimit + Math.max(0, z[i] * t2Part) / t2Limit;
      total += share[i];
    }
    for (int i = 0; i < m; i++) {
      share[i] = total > 0 ? share[i] / total : 1.0 / m;
    }
    return share;
  }

  public int components() {
    return loadings.length;
  }

  public double t2Limit() {
    return t2Limit;
  }

  public double qLimit() {
    return qLimit;
  }

  private double score(double[] x, int component) {
    double[] p = loadings[component];
    double t = 0;
    for (int i = 0; i < x.length; i++) {
      t += p[i] * (x[i] - mean[i]) / sd[i];
    }
    return t;
  }

  private static void standardisation(double[][] rows, double[] mean, double[] sd) {
    int m = mean.length;
    for (double[] row : rows) {
      for (int i = 0; i < m; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < m; i++) {
      mean[i] /= rows.length;
    }
    for (double[] row : rows) {
      for (int i = 0; i < m; i++) {
        sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]);
      }
    }
    for (int i = 0; i < m; i++) {
      double spread = Math.sqrt(sd[i] / (rows.length - 1));
      // A metric constant through the fit rows (a status flag, a set point) has no relationship to learn:
      // an infinite deviation leaves it out of the model (z = 0) instead of making its first change an
      // alarm that never ends. Its own window in the univariate path still watches it.
      sd[i] = spread > 1e-9 * (1 + Math.abs(mean[i])) ? spread : Double.POSITIVE_INFINITY;
    }
  }

  private static DenseMatrix correlation(double[][] rows, double[] mean, double[] sd) {
    int m = mean.length;
    double[][] c = new double[m][m];
    double[] z = new double[m];
    for (double[] row : rows) {
      for (int i = 0; i < m; i++) {
        z[i] = (row[i] - mean[i]) / sd[i];
      }
      for (int i = 0; i < m; i++) {
        for (int j = i; j < m; j++) {
          c[i][j] += z[i] * z[j];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = i; j < m; j++) {
        c[i][j] /= rows.length - 1;
        c[j][i] = c[i][j];
      }
    }
    return DenseMatrix.createDenseMatrix(c);
  }

  private static int componentsFor(double[] values, Integer[] order, double variance) {
    double total = Arrays.stream(values).map(v -> Math.max(v, 0)).sum();
    double sum = 0;
    int k = 0;
    while (k < order.length - 1 && sum < variance * total) {
      sum += Math.max(values[order[k]], 0);
      k++;
    }
    return Math.max(1, k);
  }

  /** The {@code q} quantile by linear interpolation between order statistics. */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double positive(double limit) {
    return Math.max(limit, 1e-9);
  }
}
