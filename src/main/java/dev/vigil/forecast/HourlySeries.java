package dev.vigil.forecast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An hourly series on the local clock, one value per hour, sorted. Built from rows that may come
 * unsorted and with repeated hours (a clock going back in autumn): a repeated hour keeps the mean of
 * its values; an hour the clock skipped stays missing, and {@link #at} looks back at most
 * {@link #MAX_LOOKBACK_HOURS} hours for the latest known value instead.
 */
public final class HourlySeries {

  /** How far back a missing hour may borrow the latest known value (a clock change, a short gap). */
  static final int MAX_LOOKBACK_HOURS = 3;
  private static final DateTimeFormatter PJM = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");

  private final TreeMap<LocalDateTime, Double> values;
  private final int repeated;

  private HourlySeries(TreeMap<LocalDateTime, Double> values, int repeated) {
    this.values = values;
    this.repeated = repeated;
  }

  /** From (hour, value) pairs in any order; repeats are averaged. */
  public static HourlySeries of(Map<LocalDateTime, List<Double>> byHour) {
    TreeMap<LocalDateTime, Double> values = new TreeMap<>();
    int repeated = 0;
    for (Map.Entry<LocalDateTime, List<Double>> e : byHour.entrySet()) {
      List<Double> all = e.getValue();
      repeated += all.size() - 1;
      values.put(e.getKey().withMinute(0).withSecond(0).withNano(0),
          all.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }
    return new HourlySeries(values, repeated);
  }

  /**
   * Reads a `Datetime,VALUE` CSV with timestamps as `dd-mm-yyyy HH:MM` (the PJM hourly load files).
   * A line that does not parse is an error naming the line, not a silent skip.
   */
  public static HourlySeries readPjmCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<LocalDateTime, List<Double>> byHour = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      try {
        LocalDateTime hour = LocalDateTime.parse(line.substring(0, comma), PJM);
        double value = Double.parseDouble(line.substring(comma + 1));
        if (!Double.isFinite(value)) {
          throw new NumberFormatException("not finite");
        }
        byHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(value);
      } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
        throw new IOException(file + " line " + (i + 1) + ": expected `dd-mm-yyyy HH:MM,number`, found `"
            + line + "`");
      }
    }
    if (byHour.isEmpty()) {
      throw new IOException(file + ": no rows");
    }
    return of(byHour);
  }

  /** This series with {@code extra} hours added where it has none (a forecast standing in for hours not yet known). */
  public HourlySeries withMissingHours(Map<LocalDateTime, Double> extra) {
    TreeMap<LocalDateTime, Double> merged = new TreeMap<>(extra);
    merged.putAll(values);
    return new HourlySeries(merged, repeated);
  }

  /** The value of {@code hour}, or of the latest hour before it within the lookback; NaN if none. */
  public double at(LocalDateTime hour) {
    Map.Entry<LocalDateTime, Double> e = values.floorEntry(hour);
    if (e == null || e.getKey().isBefore(hour.minusHours(MAX_LOOKBACK_HOURS))) {
      return Double.NaN;
    }
    return e.getValue();
  }

  /** The value recorded for exactly {@code hour}, or NaN. */
  public double exactly(LocalDateTime hour) {
    Double v = values.get(hour);
    return v == null ? Double.NaN : v;
  }

  /** Mean of the day's 24 hours as {@link #at} sees them; NaN when any is unknown. */
  public double dayMean(LocalDate day) {
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      double v = at(day.atTime(h, 0));
      if (Double.isNaN(v)) {
        return Double.NaN;
      }
      sum += v;
    }
    return sum / 24;
  }

  public LocalDateTime first() {
    return values.firstKey();
  }

  public LocalDateTime last() {
    return values.lastKey();
  }

  public int size() {
    return values.size();
  }

  /** How many rows repeated an hour already seen (and were averaged into it). */
  public int repeatedRows() {
    return repeated;
  }
}
