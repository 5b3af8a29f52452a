package dev.vigil.energy;

import java.util.ArrayList;
import java.util.List;

/**
 * kWh from a device's energy counter (cumulative kWh), used as is: the increase within each minute (last -
 * first) and between two minutes (this minute's first - the previous minute's last). A value below the one
 * before it is a counter reset: the counter is taken to have restarted from zero, so the increase is the
 * new value (a reset of the meter, a replaced device). The increase between two adjacent minutes is put on
 * the first of them, between two further apart spread evenly over the minutes without readings between them; when they are further apart than {@code maxGap} that stretch is also a {@link Gap} carrying
 * the kWh it was given, so the energy is right and its timing is marked as unknown.
 */
public final class CounterIntegrator {

  private final long maxGap;

  public CounterIntegrator(long maxGapSeconds) {
    this.maxGap = maxGapSeconds;
  }

  /**
   * {@code before}: the counter's last minute before {@code from}, or null; {@code rows}: its minutes in
   * {@code [from, to)} in time order; {@code end}: the range's end, or now when earlier.
   */
  public DeviceSeries integrate(MinuteRow before, List<MinuteRow> rows, long from, long to, long end) {
    Slots slots = new Slots(from, to);
    List<Gap> gaps = new ArrayList<>();
    int resets = 0;
    MinuteRow previous = before;
    long coveredTo = from;
    for (MinuteRow row : rows) {
      double within = row.last() - row.first();
      if (within < 0) {
        within = row.last();
        resets++;
      }
      slots.add(row.minute(), row.minute() + 60, within, true);
      if (previous != null) {
        double between = row.first() - previous.last();
        if (between < 0) {
          between = row.first();
          resets++;
        }
        long spanFrom = previous.minute() + 60;
        boolean gap = row.minute() - previous.minute() > maxGap;
        if (row.minute() > spanFrom) {
          slots.add(spanFrom, row.minute(), between, !gap);
        } else {
          slots.add(previous.minute(), row.minute(), between, false); // adjacent minutes: the rise was in the first
        }
        if (gap && row.minute() > from) {
          gaps.add(new Gap(Math.max(spanFrom, from), row.minute(), clippedShare(between, spanFrom, row.minute(), from)));
        }
      } else if (row.minute() > coveredTo) {
        gaps.add(new Gap(coveredTo, row.minute(), null));
      }
      coveredTo = row.minute() + 60;
      previous = row;
    }
    long lastMinute = previous == null ? from - maxGap - 1 : previous.minute();
    if (end - lastMinute > maxGap && coveredTo < end) {
      gaps.add(new Gap(Math.max(coveredTo, from), end, null));
    }
    return new DeviceSeries(slots, gaps, resets, rows.isEmpty() ? "none" : "counter");
  }

  /** The part of {@code kwh}, spread over {@code [t0, t1)}, that falls on or after {@code from}. */
  private static double clippedShare(double kwh, long t0, long t1, long from) {
    return t0 >= from ? kwh : kwh * (t1 - from) / (t1 - t0);
  }
}
