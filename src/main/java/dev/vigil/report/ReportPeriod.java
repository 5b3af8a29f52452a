package dev.vigil.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** The period of a scheduled report, and of a downloaded one that names none: a site's day, week or month. */
public enum ReportPeriod {
  DAY("Daily"), WEEK("Weekly"), MONTH("Monthly");

  private final String adjective;

  ReportPeriod(String adjective) {
    this.adjective = adjective;
  }

  public static Optional<ReportPeriod> parse(String text) {
    for (ReportPeriod p : values()) {
      if (p.wire().equals(text)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String adjective() {
    return adjective;
  }

  /** The last whole period before {@code now} on the site's clock: yesterday, last Monday to Monday, last month. */
  public ReportRange lastWhole(ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    LocalDate end = switch (this) {
      case DAY -> today;
      case WEEK -> today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      case MONTH -> today.withDayOfMonth(1);
    };
    LocalDate start = switch (this) {
      case DAY -> end.minusDays(1);
      case WEEK -> end.minusWeeks(1);
      case MONTH -> end.minusMonths(1);
    };
    return ReportRange.of(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant(), this);
  }
}
