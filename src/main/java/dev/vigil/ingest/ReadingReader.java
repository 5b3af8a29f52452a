package dev.vigil.ingest;

import static dev.vigil.ingest.TelemetryParser.reject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.ingest.Rejection.Reason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads one reading object of the wire contract from a parser positioned on its opening brace. */
final class ReadingReader {

  static final int MAX_METRICS = 64;
  /** Longest unit a device may declare ("kvarh", "m³/h", "µg/m³" fit with room). */
  static final int MAX_UNIT_CHARS = 16;
  /** Older than this is a device whose clock was never set (1970), not data worth keeping. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  /** Clocks drift, but a reading a day ahead of the broker is a wrong clock. */
  static final Duration MAX_AHEAD = Duration.ofDays(1);

  private final String deviceId;
  private final Instant receivedAt;

  ReadingReader(String deviceId, Instant receivedAt) {
    this.deviceId = deviceId;
    this.receivedAt = receivedAt;
  }

  Reading read(JsonParser p, String where) throws IOException {
    Set<String> fields = null;
    Instant ts = null;
    long seq = 0;
    Map<String, Double> nested = null;
    Map<String, Double> flat = new LinkedHashMap<>();
    Map<String, String> units = Map.of();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      fields = firstTime(fields, name, where);
      JsonToken value = p.nextToken();
      switch (name) {
        case "ts" -> ts = readTimestamp(p, value, where + "ts");
        case "seq" -> seq = readSeq(p, value, where + "seq");
        case "metrics" -> nested = readMetrics(p, value, where + "metrics");
        default -> {
          // Only an object named "units" is units: any other "units" field is read as it was before units existed.
          if (name.equals("units") && value == JsonToken.START_OBJECT) {
            units = readUnits(p, where + "units");
          } else {
            readFlatField(p, value, name, flat);
          }
        }
      }
    }
    Map<String, Double> metrics = nested != null ? nested : checkedFlat(flat, where);
    if (metrics.isEmpty()) {
      throw reject(Reason.NO_METRICS, where + (nested != null ? "metrics is empty" : "no numeric field to read as a metric"));
    }
    checkUnitsNameMetrics(units, metrics, where + "units");
    return new Reading(deviceId, ts == null ? receivedAt : ts, seq, metrics, receivedAt, units);
  }

  /** {@code "units": {"power_w": "W"}}: each a short printable text. */
  private static Map<String, String> readUnits(JsonParser p, String where) throws IOException {
    Map<String, String> units = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v != JsonToken.VALUE_STRING) {
        throw reject(Reason.BAD_UNIT, where + ".'" + name + "' must be a string such as \"W\", was " + describe(p, v));
      }
      String unit = p.getText();
      if (unit.isBlank() || unit.length() > MAX_UNIT_CHARS || unit.chars().anyMatch(Character::isISOControl)) {
        throw reject(Reason.BAD_UNIT, where + ".'" + name + "' must be 1 to " + MAX_UNIT_CHARS
            + " printable characters, was \"" + Rejection.printable(unit, 40) + "\"");
      }
      if (units.put(name, unit) != null) {
        throw reject(Reason.DUPLICATE_KEY, where + ".'" + name + "' appears twice");
      }
    }
    return units;
  }

  /** A unit for a metric the reading does not carry is a typo the device's author wants to hear about. */
  private static void checkUnitsNameMetrics(Map<String, String> units, Map<String, Double> metrics, String where) {
    for (String name : units.keySet()) {
      if (!metrics.containsKey(name)) {
        throw reject(Reason.BAD_UNIT, where + ".'" + name + "' names no metric of this reading");
      }
    }
  }


  /** Notes {@code name} among the fields seen (the set made on the second field: most readings have three). */
  private static Set<String> firstTime(Set<String> seen, String name, String where) {
    Set<String> fields = seen != null ? seen : new HashSet<>(8);
    if (!fields.add(name)) {
      throw reject(Reason.DUPLICATE_KEY, where + "'" + name + "' appears twice");
    }
    return fields;
  }

  private Instant readTimestamp(JsonParser p, JsonToken value, String where) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      Instant fast = IsoTimestamps.parseCommon(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      return inRange(fast != null ? fast : parseIso(p.getText(), where), where, false);
    }
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw reject(Reason.BAD_TIMESTAMP, where + " must be an ISO-8601 string with offset or whole epoch milliseconds, was "
          + describe(p, value));
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw reject(Reason.TIMESTAMP_OUT_OF_RANGE, where + " " + p.getText() + " is far outside any plausible time");
    }
    return inRange(Instant.ofEpochMilli(p.getLongValue()), where, true);
  }

  private static Instant parseIso(String text, String where) {
    if (text.length() > 64) {
      throw reject(Reason.BAD_TIMESTAMP, where + " is too long for an ISO-8601 timestamp");
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw reject(Reason.BAD_TIMESTAMP, where + " '" + text
          + "' is not ISO-8601 with an offset (e.g. 2025-01-31T12:00:00Z or 2025-01-31T13:00:00+01:00)");
    }
  }

  private Instant inRange(Instant ts, String where, boolean epochMillis) {
    Instant latest = receivedAt.plus(MAX_AHEAD);
    if (!ts.isBefore(EARLIEST) && !ts.isAfter(latest)) {
      return ts;
    }
    String hint = epochMillis && ts.toEpochMilli() > 0 && ts.toEpochMilli() < Long.MAX_VALUE / 1000
        && !Instant.ofEpochMilli(ts.toEpochMilli() * 1000).isBefore(EARLIEST)
        && !Instant.ofEpochMilli(ts.toEpochMilli() * 1000).isAfter(latest)
        ? " (it looks like epoch seconds; ts takes epoch milliseconds)" : "";
    throw reject(Reason.TIMESTAMP_OUT_OF_RANGE, where + " " + ts + " is before " + EARLIEST
        + " or more than " + MAX_AHEAD.toHours() + " h after arrival (" + receivedAt + ")" + hint);
  }

  private static long readSeq(JsonParser p, JsonToken value, String where) throws IOException {
    boolean isLong = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    if (!isLong || p.getLongValue() < 0) {
      throw reject(Reason.BAD_SEQ, where + " must be a whole number from 0 to " + Long.MAX_VALUE + ", was "
          + describe(p, value));
    }
    return p.getLongValue();
  }

  private static Map<String, Double> readMetrics(JsonParser p, JsonToken value, String where) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      throw reject(Reason.NOT_AN_OBJECT, where + " must be an object of name to number, was " + describe(p, value));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      if (metrics.containsKey(name)) {
        throw reject(Reason.DUPLICATE_KEY, where + ".'" + name + "' appears twice");
      }
      JsonToken v = p.nextToken();
      Double number = numberOf(p, v);
      if (number == null) {
        throw reject(Reason.NOT_A_NUMBER, where + ".'" + name + "' must be a number or a boolean, was " + describe(p, v));
      }
      metrics.put(name, number);
      checkMetric(name, number, where + ".", metrics.size());
    }
    return metrics;
  }

  /** Flat form: numbers and booleans are metrics; other fields (firmware version, location...) are ignored. */
  private static void readFlatField(JsonParser p, JsonToken value, String name, Map<String, Double> flat)
      throws IOException {
    Double number = numberOf(p, value);
    if (number != null) {
      flat.put(name, number);
    } else {
      skipValue(p);
    }
  }

  private static Map<String, Double> checkedFlat(Map<String, Double> flat, String where) {
    int count = 0;
    for (Map.Entry<String, Double> e : flat.entrySet()) {
      checkMetric(e.getKey(), e.getValue(), where, ++count);
    }
    return flat;
  }

  private static void checkMetric(String name, double value, String where, int count) {
    if (count > MAX_METRICS) {
      throw reject(Reason.TOO_MANY_METRICS, where + "more than " + MAX_METRICS + " metrics in one reading");
    }
    if (!MetricNames.valid(name)) {
      throw reject(Reason.BAD_METRIC_NAME, where + "'" + name + "' is not a metric name " + MetricNames.RULE);
    }
    if (!Double.isFinite(value)) {
      throw reject(Reason.NON_FINITE_VALUE, where + "'" + name + "' is " + value + "; only finite numbers are accepted");
    }
  }

  /** The value as a double (booleans as 1 and 0), or null when it is not a number. */
  private static Double numberOf(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> 1.0;
      case VALUE_FALSE -> 0.0;
      default -> null;
    };
  }

  private static void skipValue(JsonParser p) throws IOException {
    int open = p.currentToken().isStructStart() ? 1 : 0;
    checkDepth(p);
    while (open > 0) {
      JsonToken t = p.nextToken();
      if (t.isStructStart()) {
        open++;
        checkDepth(p);
      } else if (t.isStructEnd()) {
        open--;
      }
    }
  }

  private static void checkDepth(JsonParser p) {
    if (p.getParsingContext().getNestingDepth() > TelemetryParser.MAX_DEPTH) {
      throw reject(Reason.TOO_DEEP, "JSON nested deeper than " + TelemetryParser.MAX_DEPTH + " levels");
    }
  }

  private static String describe(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> "the string \"" + Rejection.printable(p.getText(), 40) + "\" (numbers go unquoted)";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> p.getText();
    };
  }
}
