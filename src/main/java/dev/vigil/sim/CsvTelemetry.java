package dev.vigil.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a timestamped CSV as telemetry: the header names the columns, the time column(s) give each
 * row's timestamp, every other column whose value is a number becomes a metric. Handles NAB's
 * {@code timestamp,value} and semicolon sensor logs with split {@code Date;Time} columns ({@code
 * dd/MM/yyyy;HH:mm:ss}, "?" for missing). Columns named like a label (label, anomaly, class...)
 * are ignored. A bad row is a {@link Rejected} with its reason, never an exception.
 */
public final class CsvTelemetry {

  /** A row turned into a reading, or the reason it could not be. */
  public sealed interface Line permits Row, Rejected {
  }

  public record Row(long lineNumber, Instant ts, Map<String, Double> metrics) implements Line {
  }

  public record Rejected(long lineNumber, String reason) implements Line {
  }

  private static final Pattern LABEL_COLUMN = Pattern.compile("(?i)(label|labels|anomaly|is_anomaly|class|target)");
  private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d+,\\d+");
  private static final List<String> TIME_NAMES = List.of("timestamp", "datetime", "date_time", "time", "ts", "date");
  private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
      DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"),
      DateTimeFormatter.ofPattern("d/M/yyyy H:mm[:ss][.SSS]"),
      DateTimeFormatter.ofPattern("yyyy/M/d H:mm[:ss][.SSS]"),
      DateTimeFormatter.ofPattern("d.M.yyyy H:mm[:ss][.SSS]"),
      DateTimeFormatter.ofPattern("d-M-yyyy H:mm[:ss][.SSS]"), // day first with dashes, as the PJM load files
      DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss][.SSS]"));
  private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
      DateTimeFormatter.ofPattern("yyyy-MM-dd"), DateTimeFormatter.ofPattern("d/M/yyyy"));

  private final String separator;
  private final int[] timeColumns;
  private final List<Integer> metricColumns;
  private final List<String> metricNames;
  private final int columnCount;
  private final ZoneId zone;

  private CsvTelemetry(String separator, int[] timeColumns, List<Integer> metricColumns, List<String> metricNames,
      int columnCount, ZoneId zone) {
    this.separator = separator;
    this.timeColumns = timeColumns;
    this.metricColumns = metricColumns;
    this.metricNames = metricNames;
    this.columnCount = columnCount;
    this.zone = zone;
  }

  /**
   * Reads the header. {@code separator} null: guessed from the header (the most frequent of , ; tab).
   * {@code timeColumn} null: the first column named like a time, or a Date and a Time column
   * together; "Date,Time" (or "Date+Time") names two columns to join. Local times are in {@code zone}.
   */
  public static CsvTelemetry fromHeader(String header, String separator, String timeColumn, List<String> ignore,
      ZoneId zone) {
    String sep = separator == null || separator.isEmpty() ? guessSeparator(header) : unescape(separator);
    List<String> names = new ArrayList<>();
    for (String name : split(header.replace("\uFEFF", ""), sep)) {
      names.add(unquote(name));
    }
    int[] time = timeColumnsOf(names, timeColumn);
    List<Integer> metrics = new ArrayList<>();
    List<String> metricNames = new ArrayList<>();
    for (int i = 0; i < names.size() && metrics.size() < 64; i++) {
      final int column = i;
      boolean isTime = java.util.Arrays.stream(time).anyMatch(t -> t == column);
      boolean ignored = LABEL_COLUMN.matcher(names.get(i)).matches()
          || ignore.stream().anyMatch(n -> n.equalsIgnoreCase(names.get(column)));
      if (!isTime && !ignored) {
        metrics.add(i);
        metricNames.add(metricName(names.get(i), i));
      }
    }
    return new CsvTelemetry(sep, time, List.copyOf(metrics), List.copyOf(metricNames), names.size(), zone);
  }

  public List<String> metricNames() {
    return metricNames;
  }

  public String separator() {
    return separator;
  }

  /** One data line (1-based {@code lineNumber} in the file) as a row or a rejection. */
  public Line parse(long lineNumber, String line) {
    List<String> fields = split(line, separator);
    if (fields.size() < columnCount) {
      return new Rejected(lineNumber, "has " + fields.size() + " fields, the header has " + columnCount);
    }
    StringBuilder timeText = new StringBuilder();
    for (int t : timeColumns) {
      timeText.append(timeText.length() == 0 ? "" : " ").append(unquote(fields.get(t)));
    }
    Optional<Instant> ts = parseTime(timeText.toString(), zone);
    if (ts.isEmpty()) {
      return new Rejected(lineNumber, "unreadable timestamp '" + timeText + "'");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int i = 0; i < metricColumns.size(); i++) {
      parseNumber(unquote(fields.get(metricColumns.get(i))), separator).ifPresent(
          metricValue(metrics, metricNames.get(i)));
    }
    if (metrics.isEmpty()) {
      return new Rejected(lineNumber, "no numeric value");
    }
    return new Row(lineNumber, ts.get(), metrics);
  }

  /** Epoch seconds or milliseconds, ISO-8601 with or without offset, and common day-first/month-first forms. */
  static Optional<Instant> parseTime(String text, ZoneId zone) {
    String s = text.trim();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.matches("\\d{9,13}(\\.\\d+)?")) {
      double epoch = Double.parseDouble(s);
      return Optional.of(Instant.ofEpochMilli((long) (epoch < 1e11 ? epoch * 1000 : epoch)));
    }
    try {
      return Optional.of(OffsetDateTime.parse(s.replace(' ', 'T')).toInstant());
    } catch (DateTimeParseException e) {
      // not with an offset; try local forms
    }
    for (DateTimeFormatter format : LOCAL_FORMATS) {
      try {
        return Optional.of(LocalDateTime.parse(s, format).atZone(zone).toInstant());
      } catch (DateTimeParseException e) {
        // next format
      }
    }
    for (DateTimeFormatter format : DATE_FORMATS) {
      try {
        return Optional.of(LocalDate.parse(s, format).atStartOfDay(zone).toInstant());
      } catch (DateTimeParseException e) {
        // next format
      }
    }
    return Optional.empty();
  }

  static Optional<Double> parseNumber(String text, String separator) {
    String s = text.trim();
    if (!separator.equals(",") && DECIMAL_COMMA.matcher(s).matches()) {
      s = s.replace(',', '.');
    }
    try {
      double value = Double.parseDouble(s);
      return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static java.util.function.Consumer<Double> metricValue(Map<String, Double> metrics, String name) {
    return value -> metrics.put(name, value);
  }

  private static int[] timeColumnsOf(List<String> names, String wanted) {
    if (wanted != null && !wanted.isBlank()) {
      String[] parts = wanted.split("[,+]");
      int[] columns = new int[parts.length];
      for (int p = 0; p < parts.length; p++) {
        columns[p] = indexOf(names, parts[p].trim());
        if (columns[p] < 0) {
          throw new IllegalArgumentException("no column '" + parts[p].trim() + "' in the header " + names);
        }
      }
      return columns;
    }
    int date = indexOf(names, "date");
    int time = indexOf(names, "time");
    if (date >= 0 && time >= 0) {
      return new int[] {date, time};
    }
    for (String candidate : TIME_NAMES) {
      int index = indexOf(names, candidate);
      if (index >= 0) {
        return new int[] {index};
      }
    }
    throw new IllegalArgumentException("no time column found in " + names + "; name it with --time-column");
  }

  private static int indexOf(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).trim().equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String metricName(String column, int index) {
    String name = column.trim().replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^_+|_+$", "");
    if (name.isEmpty()) {
      name = "col" + index;
    }
    return name.length() > 64 ? name.substring(0, 64) : name;
  }

  private static String guessSeparator(String header) {
    String best = ",";
    long bestCount = header.chars().filter(c -> c == ',').count();
    for (String sep : List.of(";", "\t")) {
      long count = header.chars().filter(c -> c == sep.charAt(0)).count();
      if (count > bestCount) {
        best = sep;
        bestCount = count;
      }
    }
    return best;
  }

  private static String unescape(String separator) {
    return separator.equals("\\t") || separator.toLowerCase(Locale.ROOT).equals("tab") ? "\t" : separator;
  }

  private static List<String> split(String line, String separator) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && line.startsWith(separator, i)) {
        fields.add(line.substring(start, i));
        start = i + separator.length();
      }
    }
    fields.add(line.substring(start));
    return fields;
  }

  private static String unquote(String field) {
    String s = field.trim();
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
