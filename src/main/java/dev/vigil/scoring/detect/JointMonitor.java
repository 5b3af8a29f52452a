package dev.vigil.scoring.detect;

import java.util.Arrays;

/**
 * The joint, persistent half of a multi-metric device's detector: a {@link JointModel} of its normal
 * and an EWMA of the joint statistic, so that a fault that lasts keeps the device anomalous for as
 * long as it lasts (the model does not move while it is in progress).
 *
 * <p>Learning: the last {@link #ROWS} readings judged normal are kept. When the first {@code ROWS}
 * are in, the model is fitted on the older two thirds and its limits are calibrated on the newer
 * third, rows it was not fitted on (limits taken on the fit rows themselves are optimistic: another
 * day of the same plant exceeds them far more often than 1%). Every {@link #REFIT_EVERY} readings it
 * is refitted the same way on the latest normal rows: a slow, bounded refresh that learns seasons and
 * new set points but never a fault in progress, whose readings are not kept.
 *
 * <p>Except when the "fault" is the new normal: when fewer than half of the readings since the last fit
 * were judged normal, the device has behaved otherwise for a whole refit period ({@value #REFIT_EVERY}
 * readings), and the model is refitted on those readings (every fifth one kept). Without it a model
 * fitted at night judged every daytime reading of a meter anomalous, for days: the daytime readings were
 * never kept, so no refit could learn them. A fault shorter than a refit period is never learned; the
 * drift alarm reports a lasting change of level explicitly. Deterministic, inline in
 * {@code score()}: a fit is one covariance and one eigen decomposition (about a millisecond for 50
 * metrics), so the server and {@code vigil evaluate} cannot differ.
 */
final class JointMonitor {

  /** Normal readings a model is fitted and calibrated on. */
  static final int ROWS = 400;
  static final double FIT_SHARE = 2.0 / 3.0;
  /** Share of the variance the kept components explain. */
  static final double VARIANCE = 0.95;
  static final double QUANTILE = 0.99;
  /** Weight of the present reading in the EWMA of the joint statistic. */
  static final double SMOOTHING = 0.1;
  /** Control-chart width of the EWMA limit, in the EWMA's own (measured) standard deviations. */
  static final double WIDTH = 3.0;
  static final int REFIT_EVERY = 2000;
  /** Every how many readings one is kept in the recent history a new normal is learned from. */
  static final int RECENT_STRIDE = REFIT_EVERY / ROWS;

  private final double[][] ring;
  private final double[][] recent;
  private int kept;
  private int next;
  private int recentNext;
  private int recentKept;
  private int normalSinceFit;
  private JointModel model;
  private double ewma;
  private double ewmaLimit;
  private long sinceFit;

  JointMonitor(int metrics) {
    this.ring = new double[ROWS][metrics];
    this.recent = new double[ROWS][metrics];
  }

  boolean ready() {
    return model != null;
  }

  /**
   * The evidence of this reading: the EWMA of the joint statistic divided by its limit (1 at the
   * limit), or 0 before the first model. Call once per reading, before {@link #learn}.
   */
  double evidence(double[] values) {
    if (model == null) {
      return 0;
    }
    ewma = (1 - SMOOTHING) * ewma + SMOOTHING * Math.min(model.joint(values), 1e6);
    return ewma / ewmaLimit;
  }

  /** Each metric's share of the last reading's joint statistic. */
  double[] contributions(double[] values) {
    return model.contributions(values);
  }

  /** Keeps a reading judged normal, and fits or refits when due (on a new normal: see the class comment). */
  void learn(double[] values, boolean normal) {
    sinceFit++;
    if (sinceFit % RECENT_STRIDE == 0) {
      System.arraycopy(values, 0, recent[recentNext], 0, values.length);
      recentNext = (recentNext + 1) % ROWS;
      recentKept = Math.min(recentKept + 1, ROWS);
    }
    if (normal) {
      normalSinceFit++;
      System.arraycopy(values, 0, ring[next], 0, values.length);
      next = (next + 1) % ROWS;
      kept = Math.min(kept + 1, ROWS);
    }
    if (model == null) {
      if (kept == ROWS) {
        refit(true);
      }
    } else if (sinceFit >= REFIT_EVERY) {
      boolean newNormal = normalSinceFit * 2 < sinceFit && recentKept == ROWS;
      if (newNormal) {
        adoptRecentAsNormal();
      }
      refit(newNormal);
    }
  }

  /** The recent readings, oldest first, become the normal rows. */
  private void adoptRecentAsNormal() {
    for (int r = 0; r < ROWS; r++) {
      System.arraycopy(recent[(recentNext + r) % ROWS], 0, ring[r], 0, ring[r].length);
    }
    next = 0;
    kept = ROWS;
  }

  /** Fits on the normal rows; {@code restartEwma} at the first fit and on a new normal, whose level it takes. */
  private void refit(boolean restartEwma) {
    double[][] rows = new double[ROWS][];
    for (int r = 0; r < ROWS; r++) {
      rows[r] = ring[(next + r) % ROWS].clone(); // oldest first
    }
    int split = (int) Math.round(ROWS * FIT_SHARE);
    double[][] fit = Arrays.copyOfRange(rows, 0, split);
    double[][] calibration = Arrays.copyOfRange(rows, split, ROWS);
    JointModel.fit(fit, calibration, 0, VARIANCE, QUANTILE).ifPresent(fitted -> {
      double[] stats = new double[calibration.length];
      double sum = 0;
      for (int r = 0; r < stats.length; r++) {
        stats[r] = Math.min(fitted.joint(calibration[r]), 1e6);
        sum += stats[r];
      }
      double mean = sum / stats.length;
      ewmaLimit = Math.max(1e-9, mean + WIDTH * ewmaSpread(stats, mean));
      if (restartEwma) {
        ewma = mean;
      }
      model = fitted;
    });
    sinceFit = 0;
    normalSinceFit = 0;
  }

  /**
   * The spread of the EWMA itself over the calibration rows, around their mean: measured rather than
   * taken from the i.i.d. formula {@code sd * sqrt(lambda / (2 - lambda))}, because a plant's joint
   * statistic is autocorrelated (slow loops) and skewed, and the formula then puts the limit far too
   * low (on TEP: 21% false alarms on another normal run instead of 5%).
   */
  static double ewmaSpread(double[] stats, double mean) {
    double e = mean;
    double squares = 0;
    for (double s : stats) {
      e = (1 - SMOOTHING) * e + SMOOTHING * s;
      squares += (e - mean) * (e - mean);
    }
    return Math.sqrt(squares / stats.length);
  }

  JointModel model() {
    return model;
  }
}
