package dev.vigil.energy;

import java.util.Arrays;
import java.util.List;

/**
 * How long a device's silence may last before it is a gap, from how often the device reports: three times
 * its usual interval (the median between its minutes with readings; the charts' gap rule, docs/decisions.md
 * "Gaps in charts"), never less than five minutes and never more than six hours. A meter that reports every
 * 15 minutes or every hour is then continuous; one that reports every few seconds keeps the five minutes.
 */
public final class ReportingInterval {

  public static final long MIN_GAP_SECONDS = 300;
  public static final long MAX_GAP_SECONDS = 6 * 3600;
  static final int FACTOR = 3;

  private ReportingInterval() {
  }

  /** The longest silence of {@code rows} (minute means in time order) that is not a gap, in seconds. */
  public static long maxGapSeconds(List<MinuteRow> rows) {
    if (rows.size() < 3) {
      return MIN_GAP_SECONDS;
    }
    long[] steps = new long[rows.size() - 1];
    for (int i = 1; i < rows.size(); i++) {
      steps[i - 1] = rows.get(i).minute() - rows.get(i - 1).minute();
    }
    Arrays.sort(steps);
    long usual = steps[steps.length / 2];
    return Math.max(MIN_GAP_SECONDS, Math.min(MAX_GAP_SECONDS, FACTOR * usual));
  }
}
