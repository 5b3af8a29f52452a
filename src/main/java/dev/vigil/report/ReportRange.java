package dev.vigil.report;

import dev.vigil.energy.EnergyBucket;
import dev.vigil.energy.InvalidEnergyInput;
import java.time.Duration;
import java.time.Instant;

/**
 * The range of a report, {@code [from, to)}, and the bucket of its per-bucket sheet and chart: hours up to two
 * days, days up to 92, months beyond; at most {@link #MAX_LENGTH}, so the per-bucket sheet holds at most 92 rows.
 *
 * @param period null for a custom range
 */
public record ReportRange(Instant from, Instant to, ReportPeriod period, EnergyBucket bucket) {

  public static final Duration MAX_LENGTH = Duration.ofDays(400);

  /** A range as asked for; refused (naming the field) when empty, reversed or longer than {@link #MAX_LENGTH}. */
  public static ReportRange of(Instant from, Instant to, ReportPeriod period) {
    if (!to.isAfter(from)) {
      throw new InvalidEnergyInput("to", "must be after from");
    }
    Duration length = Duration.between(from, to);
    if (length.compareTo(MAX_LENGTH) > 0) {
      throw new InvalidEnergyInput("to", "a report covers at most " + MAX_LENGTH.toDays() + " days");
    }
    EnergyBucket bucket = length.compareTo(Duration.ofDays(2)) <= 0 ? EnergyBucket.HOUR
        : length.compareTo(Duration.ofDays(92)) <= 0 ? EnergyBucket.DAY : EnergyBucket.MONTH;
    return new ReportRange(from, to, period, bucket);
  }

  /** "Daily report", "Weekly report", "Monthly report" or "Report". */
  public String title() {
    return period == null ? "Energy report" : period.adjective() + " energy report";
  }
}
