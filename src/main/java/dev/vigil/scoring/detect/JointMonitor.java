package dev.vigil.scoring.detect;

import java.util.Arrays;

/**
 * The joint, persistent half of a multi-metric device's detector: a {@link JointModel} of its normal
 * and an EWMA of the joint statistic, so that a fault that lasts keeps the device anomalous for as
 * long as it lasts (the model does not move while it is in progress).
 *
 * <p>Learning, young: the last {@link #ROWS} readings judged normal are kept, every one. When the first
 * {@code ROWS} are in, the model is fitted on the older two thirds and its limits are calibrated on the
 * newer third, rows it was not fitted on (limits taken on the fit rows themselves are optimistic: another
 * day of the same plant exceeds them far more often than 1%); its EWMA weighs every reading the same.
 * A device that reads every second has a model after 400 seconds and judges faults of minutes in
 * relationships between its metrics (docs/detection.md, "A day of normal"). A young model judges for
 * one refit period ({@value #REFIT_EVERY} readings after its fit), then is set aside until the model
 * grows: a normal of a few minutes does not describe the rest of a day (refitted on its latest
 * minutes instead, it raised about 190 alerts a day on the simulator's three devices).
 *
 * <p>Learning, grown: meanwhile readings judged normal are also kept at most one per
 * {@link #ROW_GAP_MILLIS} of the device's clock, the last {@link #CAPACITY} (a day). Once {@code ROWS} of
 * those are in (20 hours of the clock; at once for a device that reads every 3 minutes or slower), the
 * model is refitted on them the same way and stays grown: its EWMA weighs readings by the time they
 * cover ({@link #weight}), so that its time constant is the same at any rate, and a fast device's
 * normal is most of a day rather than its last minutes.
 *
 * <p>Every {@link #REFIT_EVERY} readings a grown model is refitted on its latest normal rows (a grown one
 * calibrated on every third row once they cover a whole day): a slow, bounded refresh that learns
 * seasons and new set points but never a fault in progress, whose readings are not kept.
 *
 * <p>Except when the "fault" is the new normal: when fewer than half of the readings since the last fit
 * were judged normal, the device has behaved otherwise for a whole refit period ({@value #REFIT_EVERY}
 * readings), and a grown model is refitted on its recent readings (one per row gap, normal or not). Without it a model
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

  /** A young model's memory: the first {@value #ROWS} normal readings, every one. */
  private final RowRing youngRows;
  /** A grown model's memory: one normal reading, and one reading, per row gap of the device's clock. */
  private final RowRing rows;
  private final RowRing recent;
  /** Whether the model is grown: fitted on rows spread over {@code ROWS * ROW_GAP_MILLIS} of the clock. */
  private boolean grown;
  /** Whether a young model has judged for its refit period and is set aside until the model grows. */
  private boolean retired;
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
    this.youngRows = new RowRing(ROWS, metrics);
    this.rows = new RowRing(CAPACITY, metrics);
    this.recent = new RowRing(CAPACITY, metrics);
  }

  boolean ready() {
    return model != null;
  }

  /** Whether the model is grown (see the class comment): it then judges the device alone with the rules. */
  boolean grown() {
    return model != null && grown;
  }

  /** Whether a model judges the device now: a young one for its first refit period, a grown one always. */
  boolean judging() {
    return model != null && (grown || !retired);
  }

  /**
   * The evidence of this reading: the EWMA of the joint statistic divided by its limit (1 at the
   * limit), or 0 before the first model. Call once per reading, before {@link #learn}, with the
   * reading's time in epoch milliseconds.
   */
  double evidence(double[] values, long millis) {
    long gap = lastEvidenceMillis == Long.MIN_VALUE ? ROW_GAP_MILLIS : millis - lastEvidenceMillis;
    lastEvidenceMillis = millis;
    if (!judging()) {
      return 0;
    }
    double weight = grown ? weight(gap) : SMOOTHING;
    ewma = (1 - weight) * ewma + weight * Math.min(model.joint(values), 1e6);
    return ewma / ewmaLimit;
  }

  /**
   * The EWMA weight of a reading {@code gap} milliseconds after the one before, once the model is grown:
   * {@link #SMOOTHING} per {@link #ROW_GAP_MILLIS}, so that n readings one n-th of the gap apart weigh,
   * together, what one reading a whole gap after the last does.
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

  /** {@link #learn(double[], boolean, boolean, long)} for a reading nothing else judged. */
  void learn(double[] values, boolean normal, long millis) {
    learn(values, normal, normal, millis);
  }

  /**
   * Keeps a reading judged normal, and fits or refits when due (on a new normal: see the class comment).
   * {@code normalOtherwise}: judged normal by everything but a young model; while young, it alone decides
   * which readings the grown model's rows keep (a young model of a fast device's last minutes judges
   * much of the rest of its day anomalous, and the grown model would not learn those hours).
   */
  void learn(double[] values, boolean normal, boolean normalOtherwise, long millis) {
    sinceFit++;
    if (model == null && normal) {
      youngRows.add(values);
    }
    if (due(lastRecentMillis, millis)) {
      lastRecentMillis = millis;
      recent.add(values);
    }
    if (normal) {
      normalSinceFit++;
    }
    if ((grown ? normal : normalOtherwise) && due(lastKeptMillis, millis)) {
      lastKeptMillis = millis;
      rows.add(values);
    }
    if (!grown && rows.kept() >= ROWS) {
      grown = true; // the spread rows now span 20 hours: the model grows up on them (at once, for a slow device)
      refit(true);
    } else if (model == null) {
      if (youngRows.full()) {
        refit(true);
      }
    } else if (!grown) {
      retired |= sinceFit >= REFIT_EVERY;
    } else if (sinceFit >= REFIT_EVERY) {
      boolean newNormal = normalSinceFit * 2 < sinceFit && recent.full();
      if (newNormal) {
        rows.replaceWith(recent);
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

  /**
   * Fits on the normal rows (the spread ones once grown); {@code restartEwma} at the first fit, when the
   * model grows up and on a new normal, whose level it takes.
   */
  private void refit(boolean restartEwma) {
    double[][] normalRows = (grown ? rows : youngRows).oldestFirst();
    boolean wholeDay = grown && rows.full();
    double[][][] parts = wholeDay ? interleaved(normalRows) : newestLast(normalRows);
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
