package dev.vigil.evaluate;

import dev.vigil.forecast.DayAheadForecaster;
import dev.vigil.forecast.DayAheadForecaster.HourForecast;
import dev.vigil.forecast.HourlySeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * `vigil evaluate --forecast FILE` (../shared/energy/README.md): fit on the three years before 2015, then
 * forecast each day of 2015-2017 24 hours ahead from the data up to the midnight before it, and
 * report the mean absolute percentage error beside the seasonal-naive forecast (the same hour one
 * week earlier) on the same hours, with the share of hours inside Vigil's 90% interval.
 */
public final class ForecastEvaluation {

  static final LocalDate TEST_FROM = LocalDate.of(2015, 1, 1);
  static final LocalDate TEST_UNTIL = LocalDate.of(2018, 1, 1);
  /** The interval is calibrated on the last training year, fitted without it. */
  static final LocalDate CALIBRATE_FROM = LocalDate.of(2014, 1, 1);
  /**
   * Fitted on the three years before the test (2012-2014), not all twelve: Tribuo's regression trees
   * take minutes per tree on a hundred thousand rows, and the load of ten years ago says little
   * about next week's.
   */
  static final LocalDate TRAIN_FROM = LocalDate.of(2012, 1, 1);

  private ForecastEvaluation() {
  }

  /** Figures of one run: MAPE in percent, interval coverage in [0,1], hours compared. */
  public record Result(double vigilMape, double naiveMape, double coverage, long hours,
      Map<Integer, double[]> byYear) {
  }

  public static Result run(Path csv, Path outDir, PrintStream out, NabRun.Progress progress) throws IOException {
    HourlySeries series = HourlySeries.readPjmCsv(csv);
    out.printf("%s: %,d hours from %s to %s (%d repeated clock hours averaged; skipped hours borrow the"
        + " hour before)%n", csv.getFileName(), series.size(), series.first(), series.last(), series.repeatedRows());
    LocalDate from = TRAIN_FROM.isAfter(series.first().toLocalDate().plusDays(8)) ? TRAIN_FROM
        : series.first().toLocalDate().plusDays(8);
    long started = System.nanoTime();
    out.printf("training on %s .. %s (interval calibrated on %s .. %s)%n", from, TEST_FROM.minusDays(1),
        CALIBRATE_FROM, TEST_FROM.minusDays(1));
    DayAheadForecaster forecaster = DayAheadForecaster.train(series, from, CALIBRATE_FROM, TEST_FROM);
    out.printf("trained in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Result result = forecastTestDays(series, forecaster, outDir.resolve("forecast").resolve(baseName(csv) + ".csv"),
        progress);
    print(result, out);
    return result;
  }

  private static Result forecastTestDays(HourlySeries series, DayAheadForecaster forecaster, Path csvOut,
      NabRun.Progress progress) throws IOException {
    Files.createDirectories(csvOut.getParent());
    long days = TEST_UNTIL.toEpochDay() - TEST_FROM.toEpochDay();
    progress.started(1, days);
    Errors all = new Errors();
    Map<Integer, Errors> years = new TreeMap<>();
    try (BufferedWriter w = Files.newBufferedWriter(csvOut)) {
      w.write("hour,actual,vigil,vigil_low,vigil_high,seasonal_naive\n");
      for (LocalDate day = TEST_FROM; day.isBefore(TEST_UNTIL); day = day.plusDays(1)) {
        for (int h = 0; h < 24; h++) {
          LocalDateTime hour = day.atTime(h, 0);
          double actual = series.exactly(hour);
          HourForecast vigil = forecaster.forecast(series, day, h);
          double naive = series.at(hour.minusDays(7));
          w.write(hour + "," + actual + "," + vigil.expected() + "," + vigil.low() + "," + vigil.high() + "," + naive
              + "\n");
          if (actual > 0 && Double.isFinite(vigil.expected()) && Double.isFinite(naive)) {
            all.add(actual, vigil, naive);
            years.computeIfAbsent(day.getYear(), y -> new Errors()).add(actual, vigil, naive);
          }
        }
        long done = day.toEpochDay() - TEST_FROM.toEpochDay() + 1;
        progress.advanced(done == days ? 1 : 0, done);
      }
    } finally {
      progress.finished();
    }
    Map<Integer, double[]> byYear = new TreeMap<>();
    years.forEach((year, e) -> byYear.put(year, new double[] {e.vigilMape(), e.naiveMape(), e.coverage(), e.hours}));
    return new Result(all.vigilMape(), all.naiveMape(), all.coverage(), all.hours, byYear);
  }

  private static void print(Result r, PrintStream out) {
    out.printf("%nforecast, 24 h ahead, %s .. %s   | MAPE Vigil | MAPE seasonal-naive | in Vigil's 90%% interval"
        + " | hours%n", TEST_FROM, TEST_UNTIL.minusDays(1));
    r.byYear().forEach((year, f) -> out.printf("  %d%-33s| %9.2f%% | %18.2f%% | %22.1f%% | %,d%n", year, "",
        f[0], f[1], 100 * f[2], (long) f[3]));
    out.printf("  %-37s| %9.2f%% | %18.2f%% | %22.1f%% | %,d%n", "all", r.vigilMape(), r.naiveMape(),
        100 * r.coverage(), r.hours());
    out.println(r.vigilMape() < r.naiveMape()
        ? String.format("Vigil's forecast beats seasonal-naive: %.2f%% against %.2f%% MAPE", r.vigilMape(), r.naiveMape())
        : String.format("Vigil's forecast does NOT beat seasonal-naive: %.2f%% against %.2f%% MAPE", r.vigilMape(),
            r.naiveMape()));
  }

  private static String baseName(Path csv) {
    String name = csv.getFileName().toString();
    return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
  }

  /** Running sums of absolute percentage errors and interval hits. */
  private static final class Errors {
    private double vigil;
    private double naive;
    private long inside;
    private long hours;

    void add(double actual, HourForecast forecast, double naiveForecast) {
      vigil += Math.abs(actual - forecast.expected()) / actual;
      naive += Math.abs(actual - naiveForecast) / actual;
      inside += actual >= forecast.low() && actual <= forecast.high() ? 1 : 0;
      hours++;
    }

    double vigilMape() {
      return 100 * vigil / hours;
    }

    double naiveMape() {
      return 100 * naive / hours;
    }

    double coverage() {
      return inside / (double) hours;
    }
  }
}
