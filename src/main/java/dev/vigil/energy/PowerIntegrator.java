package dev.vigil.energy;

import java.util.ArrayList;
import java.util.List;

/**
 * kWh from a device's minute means of power (W). Each minute's mean power holds until the next minute with
 * readings when that comes within {@code maxGap} (a device that reports every few minutes is continuous),
 * else for its own minute only. Every other stretch of {@code [from, end)} without readings (before the
 * first reading, after the last, between two further apart than {@code maxGap}) is a {@link Gap}: nothing
 * is counted in it, and it is listed, never bridged.
 */
public final class PowerIntegrator {

  private final long maxGap;

  public PowerIntegrator(long maxGapSeconds) {
    this.maxGap = maxGapSeconds;
  }

  /**
   * {@code rows}: minute means in time order, starting up to {@code maxGap} before {@code from};
   * {@code end}: where the series may end (the range's end, or now when that is earlier).
   */
  public DeviceSeries integrate(List<MinuteRow> rows, long from, long to, long end) {
    Slots slots = new Slots(from, to);
    List<Gap> gaps = new ArrayList<>();
    long coveredTo = from;
    for (int i = 0; i < rows.size(); i++) {
      MinuteRow row = rows.get(i);
      long next = i + 1 < rows.size() ? rows.get(i + 1).minute() : end;
      long holdTo = next - row.minute() <= maxGap ? next : row.minute() + 60;
      long segmentEnd = Math.min(holdTo, end);
      if (segmentEnd <= from || row.minute() >= end) {
        continue;
      }
      long segmentStart = Math.max(row.minute(), from);
      if (segmentStart > coveredTo) {
        gaps.add(new Gap(coveredTo, segmentStart, null));
      }
      slots.addPower(row.minute(), segmentEnd, row.mean());
      coveredTo = Math.max(coveredTo, segmentEnd);
    }
    if (coveredTo < end) {
      gaps.add(new Gap(coveredTo, end, null));
    }
    return new DeviceSeries(slots, gaps, 0, rows.isEmpty() ? "none" : "power");
  }
}
