package dev.vigil.ingest;

import java.time.Instant;

/**
 * The common shape of an ISO-8601 timestamp, {@code 2025-01-31T12:00:00[.fraction](Z|+01:00)}, read
 * straight from the parser's characters: a {@code DateTimeFormatter} parse was a tenth of the ingest
 * path's cost. Anything else (lower-case letters, no seconds, a leap second, an invalid date) is left
 * to the formatter, which accepts or refuses it with its reason: this only ever answers the same
 * instant the formatter would, or nothing.
 */
final class IsoTimestamps {

  private static final int SHORTEST = "2025-01-31T12:00:00Z".length();
  private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private IsoTimestamps() {
  }

  /** The instant, or null when the text is not in the common shape (then the formatter decides). */
  static Instant parseCommon(char[] c, int off, int len) {
    if (len < SHORTEST || len > 35 || c[off + 4] != '-' || c[off + 7] != '-' || c[off + 10] != 'T'
        || c[off + 13] != ':' || c[off + 16] != ':') {
      return null;
    }
    int year = digits(c, off, 4);
    int month = digits(c, off + 5, 2);
    int day = digits(c, off + 8, 2);
    int hour = digits(c, off + 11, 2);
    int minute = digits(c, off + 14, 2);
    int second = digits(c, off + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = off + 19;
    int end = off + len;
    int nanos = 0;
    if (c[i] == '.') {
      int scale = 100_000_000;
      int first = ++i;
      for (; i < end && c[i] >= '0' && c[i] <= '9'; i++) {
        if (i - first == 9) {
          return null;
        }
        nanos += (c[i] - '0') * scale;
        scale /= 10;
      }
      if (i == first) {
        return null;
      }
    }
    Integer offsetSeconds = offsetSeconds(c, i, end);
    if (offsetSeconds == null) {
      return null;
    }
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** {@code Z}, {@code +HH:MM} or {@code -HH:MM} filling the rest of the text, in seconds east of UTC. */
  private static Integer offsetSeconds(char[] c, int i, int end) {
    if (end - i == 1 && c[i] == 'Z') {
      return 0;
    }
    if (end - i != 6 || (c[i] != '+' && c[i] != '-') || c[i + 3] != ':') {
      return null;
    }
    int hours = digits(c, i + 1, 2);
    int minutes = digits(c, i + 4, 2);
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59 || (hours == 18 && minutes > 0)) {
      return null;
    }
    int seconds = hours * 3600 + minutes * 60;
    return c[i] == '-' ? -seconds : seconds;
  }

  /** The number written by {@code count} ASCII digits from {@code at}, or -1 when one is not a digit. */
  private static int digits(char[] c, int at, int count) {
    int value = 0;
    for (int k = at; k < at + count; k++) {
      if (c[k] < '0' || c[k] > '9') {
        return -1;
      }
      value = value * 10 + (c[k] - '0');
    }
    return value;
  }

  private static int daysIn(int year, int month) {
    boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
