package dev.vigil.scoring.detect;

import java.util.Arrays;

/**
 * The joint, persistent half of a multi-metric device's detector: a {@link JointModel} of its normal
 * and an EWMA of the joint statistic, so that a fault that lasts keeps the device anomalous for as
 * long as it lasts (the model does not move while it is in progress).
 *
 * <p>Learning: readings judged normal are kept, at most one per {@link #ROW_GAP_MILLIS} of the device's
 * clock, the last {@link #CAPACITY} (a day). When the first {@link #ROWS} are in (20 hours for a device
 * that reads every 3 minutes or faster), the model is fitted on the older two thirds and its limits are
 * calibrated on the newer third, rows it was not fitted on (limits taken on the fit rows themselves are
 * optimistic: another day of the same plant exceeds them far more often than 1%). Every
 * {@link #REFIT_EVERY} readings it is refitted on the latest normal rows, calibrated on every third
 * row once they cover a whole day: a slow, bounded refresh that learns seasons and new set points but
 * never a fault in progress, whose readings are not kept. The EWMA weighs readings by the time they
 * cover ({@link #weight}), so its time constant is the same at any rate.
 *
 * <p>Except when the "fault" is the new normal: when fewer than half of the readings since the last fit
 * were judged normal, the device has behaved otherwise for a whole refit period ({@value #REFIT_EVERY}
 * readings), and the model is refitted on its recent readings (one per row gap, normal or not). Without it a model
 * fitted at night judged every daytime reading of a meter anomalous, for days: the daytime readings were
 * never kept, so no refit could learn them. A fault shorter than a refit period is never learned; the
 * drift alarm reports a lasting change of level explicitly. Deterministic, inline in
 * {@code score()}: a fit is one covariance and one eigen decomposition (about a millisecond for 50
 * metrics), so the server and {@code vigil evaluate} cannot differ.
 */
final class JointMonitor {

  /** Normal readings a model is fitted and calibrated on. */
  static final int ROWS = 400;
  /**
   * Normal rows kept for the refits: a whole day at one per {@link #ROW_GAP_MILLIS}, so that a device
   * that reads faster than that is refitted on every hour of its daily cycle (with 400, the four hours
   * missing from the last 20 were judged against a model that had not seen them, every day).
   */
  static final int CAPACITY = 480;
  static final double FIT_SHARE = 2.0 / 3.0;
  /** Share of the variance the kept components explain. */
  static final double VARIANCE = 0.95;
  static final double QUANTILE = 0.99;
  /** Weight in the EWMA of the joint statistic of a reading a row gap (or more) after the one before. */
  static final double SMOOTHING = 0.1;
  /** Control-chart width of the EWMA limit, in the EWMA's own (measured) standard deviations. */
  static final double WIDTH = 3.0;
  static final int REFIT_EVERY = 2000;
  /**
   * At most one normal reading is kept per this long (milliseconds) of the device's own clock, so that the
   * {@value #ROWS} normal rows span at least {@code ROWS * ROW_GAP_MILLIS} (20 hours): most of a day,
   * whatever the device's rate. A device that reads every second would otherwise learn its normal
   * from its last 7 minutes, and leave that normal with every slow daily swing. It is also the EWMA's
   * time step: readings closer together than this weigh proportionally less, so the chart has the
   * same time constant live as on the calibration rows its limit was measured on.
   */
  static final long ROW_GAP_MILLIS = 180_000;

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
  private long lastKeptMillis = Long.MIN_VALUE;
  private long lastRecentMillis = Long.MIN_VALUE;
  private long lastEvidenceMillis = Long.MIN_VALUE;
  private double lastGap = -1;
  private double lastWeight;

  JointMonitor(int metrics) {
    this.ring = new double[CAPACITY][metrics];
    this.recent = new double[CAPACITY][metrics];
  }

  boolean ready() {
    return model != null;
  }

  /**
   * The evidence of this reading: the EWMA of the joint statistic divided by its limit (1 at the
   * limit), or 0 before the first model. Call once per reading, before {@link #learn}, with the
   * reading's time in epoch milliseconds.
   */
  double evidence(double[] values, long millis) {
    long gap = lastEvidenceMillis == Long.MIN_VALUE ? ROW_GAP_MILLIS : millis - lastEvidenceMillis;
    lastEvidenceMillis = millis;
    if (model == null) {
      return 0;
    }
    double weight = weight(gap);
    ewma = (1 - weight) * ewma + weight * Math.min(model.joint(values), 1e6);
    return ewma / ewmaLimit;
  }

  /**
   * The EWMA weight of a reading {@code gap} milliseconds after the one before: {@link #SMOOTHING} per
   * {@link #ROW_GAP_MILLIS}, so that n readings one n-th of the gap apart weigh, together, what one
   * reading a whole gap after the last does.
   */
  double weight(long gap) {
    if (gap >= ROW_GAP_MILLIS) {
      return SMOOTHING;
    }
    if (gap != lastGap) {
      lastGap = gap;
      lastWeight = 1 - Math.pow(1 - SMOOTHING, Math.max(0, gap) / (double) ROW_GAP_MILLIS);
    }
    return lastWeight;
  }

  /** Each metric's share of the last reading's joint statistic. */
  double[] contributions(double[] values) {
    return model.contributions(values);
  }

  /** Keeps a reading judged normal, and fits or refits when due (on a new normal: see the class comment). */
  void learn(double[] values, boolean normal, long millis) {
    sinceFit++;
    if (due(lastRecentMillis, millis)) {
      lastRecentMillis = millis;
      System.arraycopy(values, 0, recent[recentNext], 0, values.length);
      recentNext = (recentNext + 1) % CAPACITY;
      recentKept = Math.min(recentKept + 1, CAPACITY);
    }
    if (normal) {
      normalSinceFit++;
    }
    if (normal && due(lastKeptMillis, millis)) {
      lastKeptMillis = millis;
      System.arraycopy(values, 0, ring[next], 0, values.length);
      next = (next + 1) % CAPACITY;
      kept = Math.min(kept + 1, CAPACITY);
    }
    if (model == null) {
      if (kept >= ROWS) {
        refit(true);
      }
    } else if (sinceFit >= REFIT_EVERY) {
      boolean newNormal = normalSinceFit * 2 < sinceFit && recentKept == CAPACITY;
      if (newNormal) {
        adoptRecentAsNormal();
      }
      refit(newNormal);
    }
  }

  /**
   * Whether a row is due {@code millis} after the last one kept: a row gap later, or at once when the
   * device's clock went back (a clock set back a day would otherwise keep nothing for a day).
   */
  static boolean due(long lastKept, long millis) {
    return lastKept == Long.MIN_VALUE || millis - lastKept >= ROW_GAP_MILLIS || millis < lastKept;
  }

  /** The recent readings, oldest first, become the normal rows. */
  private void adoptRecentAsNormal() {
    for (int r = 0; r < CAPACITY; r++) {
      System.arraycopy(recent[(recentNext + r) % CAPACITY], 0, ring[r], 0, ring[r].length);
    }
    next = 0;
    kept = CAPACITY;
  }

  /** Fits on the normal rows; {@code restartEwma} at the first fit and on a new normal, whose level it takes. */
  private void refit(boolean restartEwma) {
    double[][] rows = new double[kept][];
    int oldest = kept < CAPACITY ? 0 : next;
    for (int r = 0; r < kept; r++) {
      rows[r] = ring[(oldest + r) % CAPACITY].clone(); // oldest first
    }
    boolean wholeDay = kept == CAPACITY;
    double[][][] parts = wholeDay ? interleaved(rows) : newestLast(rows);
    // interleaved calibration rows are three row gaps apart: the EWMA over them weighs each as three readings
    double weight = wholeDay ? 1 - Math.pow(1 - SMOOTHING, 3) : SMOOTHING;
    double[][] fit = parts[0];
    double[][] calibration = parts[1];
    JointModel.fit(fit, calibration, 0, VARIANCE, QUANTILE).ifPresent(fitted -> {
      double[] stats = new double[calibration.length];
      double sum = 0;
      for (int r = 0; r < stats.length; r++) {
        stats[r] = Math.min(fitted.joint(calibration[r]), 1e6);
        sum += stats[r];
      }
      double mean = sum / stats.length;
      ewmaLimit = Math.max(1e-9, mean + WIDTH * ewmaSpread(stats, mean, weight));
      if (restartEwma) {
        ewma = mean;
      }
      model = fitted;
    });
    sinceFit = 0;
    normalSinceFit = 0;
  }

  /** Fit rows the older two thirds, calibration rows the newest third: the first fit, on a stretch of time. */
  static double[][][] newestLast(double[][] rows) {
    int split = (int) Math.round(rows.length * FIT_SHARE);
    return new double[][][] {Arrays.copyOfRange(rows, 0, split), Arrays.copyOfRange(rows, split, rows.length)};
  }

  /**
   * Every third row calibrates, the others fit: once the rows cover a whole day, the newest third would
   * be one part of the day (a night), and its limits too tight for the rest (a meter's evening peak).
   */
  static double[][][] interleaved(double[][] rows) {
    int calibrationRows = rows.length / 3;
    double[][] fit = new double[rows.length - calibrationRows][];
    double[][] calibration = new double[calibrationRows][];
    int f = 0;
    int c = 0;
    for (int r = 0; r < rows.length; r++) {
      if (r % 3 == 2 && c < calibrationRows) {
        calibration[c++] = rows[r];
      } else {
        fit[f++] = rows[r];
      }
    }
    return new double[][][] {fit, calibration};
  }

  /**
   * The spread of the EWMA itself over the calibration rows, around their mean: measured rather than
   * taken from the i.i.d. formula {@code sd * sqrt(lambda / (2 - lambda))}, because a plant's joint
   * statistic is autocorrelated (slow loops) and skewed, and the formula then puts the limit far too
   * low (on TEP: 21% false alarms on another normal run instead of 5%).
   */
  static double ewmaSpread(double[] stats, double mean, double weight) {
    double e = mean;
    double squares = 0;
    for (double s : stats) {
      e = (1 - weight) * e + weight * s;
      squares += (e - mean) * (e - mean);
    }
    return Math.sqrt(squares / stats.length);
  }

  JointModel model() {
    return model;
  }
}
