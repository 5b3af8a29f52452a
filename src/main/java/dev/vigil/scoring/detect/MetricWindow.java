package dev.vigil.scoring.detect;

/**
 * The recent history of one metric of one device, kept as exponentially weighted statistics so that
 * an update costs a few multiplications and no allocation. Features are read <em>before</em> the
 * new value is folded in, so a score only ever uses the past and the present value.
 */
final class MetricWindow {

  /** Features per metric written by {@link #features}. */
  static final int FEATURES = 5;
  /** Expected range: the long-term mean plus or minus this many long-term standard deviations. */
  static final double RANGE_SIGMAS = 3.0;

  private static final double SLOW_ALPHA = 0.003;
  private static final double FAST_ALPHA = 0.35;
  private static final double LIMIT = 12.0;
  private static final double HOUR_ALPHA = 0.05;
  private static final int HOURS = 24;
  /** Readings a metric must have sent before a run of repeats for its repeat rate to say what it usually does. */
  private static final long STUCK_HISTORY = 100;
  private final double[] bucketMean = new double[HOURS];
  private final double[] bucketVar = new double[HOURS];
  private final int[] bucketCount = new int[HOURS];

  private long count;
  private double previous;
  private double beforePrevious;
  /** The step deviation as it was before the previous value was folded in (a spike inflates it). */
  private double stepSdBefore;
  private double stepSdNow;
  /** How often this metric repeats its previous value exactly (EWMA of the indicator). */
  private double repeatRate;
  /** Readings in a row, up to the previous one, equal to the one before them. */
  private int repeatRun;
  /** The repeat rate as it was when the current run of repeats began (the run itself must not raise it). */
  private double repeatRateBeforeRun;
  private double slowMean;
  private double slowVar;
  private double fastMean;
  private double deltaMean;
  private double deltaVar;
  /** The lowest and highest value this metric has ever had (NaN before the first). */
  private double lowest = Double.NaN;
  private double highest = Double.NaN;

  /**
   * Writes this metric's features for {@code value} into {@code out} at {@code offset}: level, step,
   * short-term level shift, step volatility and deviation from the usual value at this hour of the
   * day (UTC), each standardised.
   */
  void features(double value, long epochSecond, double[] out, int offset) {
    if (count < 2) {
      java.util.Arrays.fill(out, offset, offset + FEATURES, 0.0);
      return;
    }
    double sd = spread(slowVar, slowMean);
    double deltaSd = spread(deltaVar, slowMean);
    double step = value - previous;
    double fastNext = fastMean + FAST_ALPHA * (value - fastMean);
    out[offset] = clip((value - slowMean) / sd);
    out[offset + 1] = clip((step - deltaMean) / deltaSd);
    out[offset + 2] = clip((fastNext - slowMean) / sd);
    int b = bucket(epochSecond);
    out[offset + 4] = bucketCount[b] >= 3
        ? clip((value - bucketMean[b]) / Math.max(Math.sqrt(bucketVar[b]), sd * 0.1)) : 0.0;
    out[offset + 3] = clip(Math.log((Math.abs(step) + deltaSd * 0.1) / (deltaSd * 1.1)));
  }

  /**
   * How clearly the previous value was a one-reading spike, confirmed by this value: the smaller of the
   * jump into it and the jump back out, in usual steps (as they were before the spike), when the two
   * have opposite signs and this value is back within a quarter of the jump of where the series was.
   * 0 otherwise. A single reading far out and straight back is a glitch or an event, never a trend.
   */
  double spikeReturn(double value) {
    if (count < 3) {
      return 0.0;
    }
    double up = previous - beforePrevious;
    double back = value - previous;
    if (up * back >= 0 || Math.abs(value - beforePrevious) > 0.25 * Math.abs(up)) {
      return 0.0;
    }
    return Math.min(Math.abs(up), Math.abs(back)) / stepSdBefore;
  }

  /**
   * Readings in a row this value would make exactly equal to the one before, if this metric usually
   * never repeats itself exactly (under {@code rarity} of its readings); 0 otherwise. A sensor that
   * is stuck repeats its last value; a live analogue signal almost never does. "Usually" needs
   * {@link #STUCK_HISTORY} readings before the run: a metric that has sent one value since it started
   * (a relay, a test publishing the same reading) has no habit of changing that it could break.
   */
  int stuckRun(double value, double rarity) {
    double usual = repeatRun == 0 ? repeatRate : repeatRateBeforeRun;
    long beforeRun = count - repeatRun;
    if (beforeRun < STUCK_HISTORY || usual >= rarity || value != previous) {
      return 0;
    }
    return repeatRun + 1;
  }

  /**
   * How far {@code value} lies beyond every value this metric has had so far, in widths of that range
   * (lowest to highest): 0 inside it, 0.5 for a value half the range's width above the highest. 0 while
   * the range has no width (fewer than two distinct values).
   */
  double beyondRange(double value) {
    double width = highest - lowest;
    if (!(width > 0)) {
      return 0.0;
    }
    return Math.max(0.0, Math.max(value - highest, lowest - value)) / width;
  }

  /** Unclipped standardised distance of {@code value} from the long-term mean (0 before history). */
  double deviation(double value) {
    return count < 2 ? 0.0 : Math.abs(value - slowMean) / spread(slowVar, slowMean);
  }

  /** Folds {@code value} into the history. */
  void update(double value, long epochSecond) {
    count++;
    lowest = count == 1 ? value : Math.min(lowest, value);
    highest = count == 1 ? value : Math.max(highest, value);
    int b = bucket(epochSecond);
    if (bucketCount[b]++ == 0) {
      bucketMean[b] = value;
    } else {
      double a = Math.max(HOUR_ALPHA, 1.0 / bucketCount[b]);
      double d = value - bucketMean[b];
      bucketMean[b] += a * d;
      bucketVar[b] = (1 - a) * (bucketVar[b] + a * d * d);
    }
    if (count == 1) {
      previous = value;
      slowMean = value;
      fastMean = value;
      return;
    }
    double step = value - previous;
    double alpha = Math.max(SLOW_ALPHA, 1.0 / count);
    boolean repeat = value == previous;
    if (repeat && repeatRun == 0) {
      repeatRateBeforeRun = repeatRate;
    }
    repeatRate += alpha * ((repeat ? 1.0 : 0.0) - repeatRate);
    repeatRun = repeat ? repeatRun + 1 : 0;
    double d = value - slowMean;
    slowMean += alpha * d;
    slowVar = (1 - alpha) * (slowVar + alpha * d * d);
    double dd = step - deltaMean;
    deltaMean += alpha * dd;
    deltaVar = (1 - alpha) * (deltaVar + alpha * dd * dd);
    fastMean += FAST_ALPHA * (value - fastMean);
    beforePrevious = previous;
    previous = value;
    stepSdBefore = stepSdNow;
    stepSdNow = spread(deltaVar, slowMean);
  }

  private static int bucket(long epochSecond) {
    return (int) Math.floorMod(epochSecond / 3600, (long) HOURS);
  }

  /**
   * Lower end of the range the model expects the next value in: the long-term mean minus
   * {@link #RANGE_SIGMAS} long-term standard deviations. The one definition of "expected": an
   * anomaly's explanation and the dashboard's band both read it.
   */
  double expectedLow() {
    return slowMean - RANGE_SIGMAS * spread(slowVar, slowMean);
  }

  /** Upper end of the expected range (see {@link #expectedLow}). */
  double expectedHigh() {
    return slowMean + RANGE_SIGMAS * spread(slowVar, slowMean);
  }

  private static double spread(double variance, double mean) {
    return Math.max(Math.sqrt(variance), 1e-9 + 1e-6 * Math.abs(mean));
  }

  private static double clip(double v) {
    return v > LIMIT ? LIMIT : (v < -LIMIT ? -LIMIT : v);
  }
}
