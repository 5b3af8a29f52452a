package dev.vigil.energy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The buckets of an energy report, on the local calendar of its time zone (weeks start on Monday). */
public enum EnergyBucket {
  HOUR, DAY, WEEK, MONTH;

  public static EnergyBucket parse(String text) {
    for (EnergyBucket b : values()) {
      if (b.wire().equals(text)) {
        return b;
      }
    }
    throw new InvalidEnergyInput("bucket", "must be one of hour, day, week, month");
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The start of the bucket holding {@code epochSecond}, in epoch seconds. */
  public long startOf(long epochSecond, ZoneId zone) {
    ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(zone);
    ZonedDateTime start = switch (this) {
      case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
      case DAY -> t.toLocalDate().atStartOfDay(zone);
      case WEEK -> t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone);
      case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
    };
    return start.toEpochSecond();
  }
}
