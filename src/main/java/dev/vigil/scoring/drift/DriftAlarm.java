package dev.vigil.scoring.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides when a metric has drifted in a way a person should hear about: the mean of its readings
 * over a {@link #BUCKET} has left the range of such means over the {@link #HORIZON} before the last
 * {@link #SETTLE}, by more than {@link #MARGIN} of that range's width, for {@link #PERSIST} completed
 * buckets in a row. Seasons (the daily and weekly cycle) are inside the range, so they never count
 * as drift; a spike or a short fault is the anomaly detector's business, not this one's. The last
 * day stays out of the range, so that a drift is judged against the days before it began, not
 * against itself; a metric that stays at a new level for a day becomes its new normal, and its
 * drift alert clears. Judging starts after
 * {@link #MIN_HISTORY} of readings, when the range covers a whole week (a busier weekend is normal).
 *
 * <p>The range is made of the same thing that is judged, the means of all readings, whatever the
 * anomaly detector said of them: a range of the readings it called normal was only as good as its
 * verdicts, and a detector that called a meter's daily peaks anomalous left the peaks out of the
 * range, so every peak was "drift" (docs/detection.md, "Drift"). A short fault moves a bucket's mean
 * too little to matter. The range is at least the metric's resolution wide (the smallest
 * step seen between two of its readings), so that a constant or coarsely quantised metric is judged in
 * units of its own steps, not of a width near zero that turns any blip into infinite drift.
 *
 * <p>Per metric at most one drift is open: {@link Event}s open it, update it while it lasts (its
 * severity follows how far out it is) and clear it after {@link #PERSIST} buckets back in range.
 * Pure and deterministic (reading timestamps, no clock); not thread-safe: one per detector, on its
 * lane. Independent of {@link DriftWatch}, whose PSI reports drive retraining.
 */
public final class DriftAlarm {

  public static final Duration BUCKET = Duration.ofMinutes(15);
  public static final Duration HORIZON = Duration.ofDays(9);
  public static final Duration SETTLE = Duration.ofDays(1);
  public static final Duration MIN_HISTORY = Duration.ofDays(8);
  /** Completed buckets out of range in a row that open a drift; in range in a row that clear it. */
  public static final int PERSIST = 3;
  /** How far beyond the normal range, in units of its width, a bucket's mean must lie to count. */
  public static final double MARGIN = 0.25;
  /** Below this many buckets of history (a day of hourly readings) nothing is judged. */
  static final int MIN_BUCKETS = 24;

  private static final long BUCKET_SECONDS = BUCKET.toSeconds();
  private static final int SLOTS = (int) (HORIZON.toSeconds() / BUCKET_SECONDS);
  private static final long SETTLE_BUCKETS = SETTLE.toSeconds() / BUCKET_SECONDS;

  /** What changed for one metric. */
  public enum Change { OPEN, UPDATE, CLEAR }

  /**
   * A drift opened, still going (once per bucket) or over.
   *
   * @param mean     the last bucket's mean
   * @param low      low end of the normal range it is judged against
   * @param high     high end
   * @param beyond   how far outside the range the mean lies, in units of the range's width (0 on CLEAR)
   * @param since    start of the first bucket out of range
   */
  public record Event(String deviceId, String metric, Change change, DriftSeverity severity, double mean, double low,
      double high, double beyond, Instant since, Instant at) {
  }

  private final String deviceId;
  private final String[] metrics;
  private final long[] slotBucket = new long[SLOTS];
  /** Floats: 768 slots per metric, 3 KB, so that a fleet of 10,000 four-metric devices needs ~120 MB. */
  private final float[][] slotMean;
  private final double[] sum;
  /** Per metric: the last reading, and the smallest non-zero step between two readings in a row (0: none yet). */
  private final double[] last;
  private final double[] step;
  private long count;
  private long readings;
  private long bucket = Long.MIN_VALUE;
  private final int[] outRun;
  private final int[] inRun;
  private final boolean[] open;
  private final long[] runStartBucket;

  public DriftAlarm(String deviceId, List<String> metricNames) {
    this.deviceId = deviceId;
    this.metrics = metricNames.toArray(String[]::new);
    int m = metrics.length;
    slotMean = new float[m][SLOTS];
    sum = new double[m];
    last = new double[m];
    step = new double[m];
    outRun = new int[m];
    inRun = new int[m];
    open = new boolean[m];
    runStartBucket = new long[m];
    Arrays.fill(slotBucket, Long.MIN_VALUE);
  }

  /** One reading's values (in metric order). */
  public List<Event> observe(Instant ts, double[] values) {
    long b = Math.floorDiv(ts.getEpochSecond(), BUCKET_SECONDS);
    List<Event> events = List.of();
    if (b != bucket) {
      events = bucket == Long.MIN_VALUE || count == 0 ? List.of() : completeBucket(ts);
      bucket = b;
      count = 0;
      Arrays.fill(sum, 0);
    }
    for (int m = 0; m < metrics.length; m++) {
      sum[m] += values[m];
      learnResolution(m, values[m]);
    }
    count++;
    readings++;
    return events;
  }

  private void learnResolution(int m, double value) {
    double change = Math.abs(value - last[m]);
    if (readings > 0 && change > 0 && (step[m] == 0 || change < step[m])) {
      step[m] = change;
    }
    last[m] = value;
  }

  private List<Event> completeBucket(Instant now) {
    List<Event> events = new ArrayList<>(0);
    for (int m = 0; m < metrics.length; m++) {
      judge(m, sum[m] / count, now, events);
    }
    int slot = (int) Math.floorMod(bucket, (long) SLOTS);
    slotBucket[slot] = bucket;
    for (int m = 0; m < metrics.length; m++) {
      slotMean[m][slot] = (float) (sum[m] / count);
    }
    return events;
  }

  private void judge(int m, double mean, Instant now, List<Event> events) {
    // the range excludes the last day, so a drift under way is judged against the days before it; a run out
    // of range older than a day enters it (a new level held for a day is the new normal). Excluding the whole
    // run, as before, kept a permanent shift open for good: once the days before it left the horizon, nothing
    // was judged any more, and nothing cleared it.
    long before = bucket - SETTLE_BUCKETS;
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    int buckets = 0;
    long oldest = Long.MAX_VALUE;
    for (int s = 0; s < SLOTS; s++) {
      long sb = slotBucket[s];
      if (sb != Long.MIN_VALUE && sb < before && sb > bucket - SLOTS) {
        low = Math.min(low, slotMean[m][s]);
        high = Math.max(high, slotMean[m][s]);
        oldest = Math.min(oldest, sb);
        buckets++;
      }
    }
    if (buckets < MIN_BUCKETS || (bucket - oldest) * BUCKET_SECONDS < MIN_HISTORY.toSeconds()) {
      return;
    }
    double width = Math.max(Math.max(high - low, step[m]), 1e-9 * Math.max(1.0, Math.abs(high)));
    double beyond = Math.max(low - mean, mean - high) / width;
    if (beyond > MARGIN) {
      outside(m, mean, low, high, beyond, now, events);
    } else {
      inside(m, mean, low, high, now, events);
    }
  }

  private void outside(int m, double mean, double low, double high, double beyond, Instant now, List<Event> events) {
    inRun[m] = 0;
    if (outRun[m]++ == 0) {
      runStartBucket[m] = bucket;
    }
    Instant since = Instant.ofEpochSecond(runStartBucket[m] * BUCKET_SECONDS);
    if (open[m]) {
      events.add(new Event(deviceId, metrics[m], Change.UPDATE, DriftSeverity.of(beyond), mean, low, high, beyond,
          since, now));
    } else if (outRun[m] >= PERSIST) {
      open[m] = true;
      events.add(new Event(deviceId, metrics[m], Change.OPEN, DriftSeverity.of(beyond), mean, low, high, beyond,
          since, now));
    }
  }

  private void inside(int m, double mean, double low, double high, Instant now, List<Event> events) {
    if (!open[m]) {
      outRun[m] = 0;
      return;
    }
    if (++inRun[m] >= PERSIST) {
      Instant since = Instant.ofEpochSecond(runStartBucket[m] * BUCKET_SECONDS);
      open[m] = false;
      outRun[m] = 0;
      inRun[m] = 0;
      events.add(new Event(deviceId, metrics[m], Change.CLEAR, DriftSeverity.LOW, mean, low, high, 0, since, now));
    }
  }
}
