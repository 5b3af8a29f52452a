package dev.vigil.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * Tomorrow's 24 hourly values of a series, with an interval: a Tribuo random forest of regression
 * trees over {@link DayAheadFeatures}, predicting each hour as a ratio to yesterday's mean, and an
 * interval from the relative errors the same recipe made on a later stretch of history it was not
 * fitted on. Deterministic: fixed seeds. Training is CPU work: run it off any event loop.
 */
public final class DayAheadForecaster {

  /** Trees in the forest, their depth, and the share of features each split looks at. */
  static final int TREES = 8;
  static final int DEPTH = 10;
  static final float FEATURE_FRACTION = 0.7f;
  static final long SEED = 20_260_101L;
  /** The interval's lower and upper quantiles of the relative error (a 90% interval). */
  static final double LOW_QUANTILE = 0.05;
  static final double HIGH_QUANTILE = 0.95;

  /** Tribuo's bagging logs a line per tree at INFO; a live job trains every day. Held: JUL keeps loggers weakly. */
  private static final java.util.logging.Logger BAGGING_LOG = quiet("org.tribuo.ensemble.BaggingTrainer");

  private final Model<Regressor> model;
  private final double lowRatio;
  private final double highRatio;

  private DayAheadForecaster(Model<Regressor> model, double lowRatio, double highRatio) {
    this.model = model;
    this.lowRatio = lowRatio;
    this.highRatio = highRatio;
  }

  /** One forecast hour: the value expected and its interval; NaN where the history was too thin. */
  public record HourForecast(double expected, double low, double high) {
  }

  /**
   * Fits on the days {@code [from, until)} of {@code series}; the interval is calibrated by fitting
   * the same recipe on {@code [from, calibrateFrom)} and measuring it on {@code [calibrateFrom, until)}.
   */
  public static DayAheadForecaster train(HourlySeries series, LocalDate from, LocalDate calibrateFrom,
      LocalDate until) {
    Model<Regressor> early = fit(series, from, calibrateFrom);
    List<Double> ratios = new ArrayList<>();
    forEachKnownHour(series, calibrateFrom, until, (f, actual) -> ratios.add(actual / predict(early, f)));
    double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no day between " + calibrateFrom + " and " + until + " to calibrate on");
    }
    return new DayAheadForecaster(fit(series, from, until), quantile(sorted, LOW_QUANTILE),
        quantile(sorted, HIGH_QUANTILE));
  }

  /** The forecast of hour {@code hour} of {@code day} from what the series held before the day began. */
  public HourForecast forecast(HourlySeries series, LocalDate day, int hour) {
    DayAheadFeatures f = DayAheadFeatures.of(series, day, hour);
    if (f == null) {
      return new HourForecast(Double.NaN, Double.NaN, Double.NaN);
    }
    double expected = predict(model, f);
    return new HourForecast(expected, expected * lowRatio, expected * highRatio);
  }

  private static Model<Regressor> fit(HourlySeries series, LocalDate from, LocalDate until) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> rows = new MutableDataset<>(new SimpleDataSourceProvenance("hourly series", factory),
        factory);
    forEachKnownHour(series, from, until,
        (f, actual) -> rows.add(example(f, new Regressor("ratio", actual / f.yesterdayMean()))));
    if (rows.size() == 0) {
      throw new IllegalArgumentException("no complete day between " + from + " and " + until + " to learn from");
    }
    CARTRegressionTrainer tree = new CARTRegressionTrainer(DEPTH, 5f, 0f, FEATURE_FRACTION, false,
        new MeanSquaredError(), SEED);
    return new RandomForestTrainer<>(tree, new AveragingCombiner(), TREES, SEED).train(rows);
  }

  /** Every hour of the days {@code [from, until)} with both its features and a recorded value. */
  private static void forEachKnownHour(HourlySeries series, LocalDate from, LocalDate until,
      BiConsumer<DayAheadFeatures, Double> action) {
    for (LocalDate day = from; day.isBefore(until); day = day.plusDays(1)) {
      for (int h = 0; h < 24; h++) {
        DayAheadFeatures f = DayAheadFeatures.of(series, day, h);
        double actual = series.exactly(day.atTime(h, 0));
        if (f != null && actual > 0) {
          action.accept(f, actual);
        }
      }
    }
  }

  private static double predict(Model<Regressor> model, DayAheadFeatures f) {
    Regressor unknown = RegressionFactory.UNKNOWN_REGRESSOR;
    return model.predict(example(f, unknown)).getOutput().getValues()[0] * f.yesterdayMean();
  }

  private static Example<Regressor> example(DayAheadFeatures f, Regressor output) {
    return new ArrayExample<>(output, DayAheadFeatures.NAMES, Arrays.copyOf(f.values(), f.values().length));
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
