package dev.vigil.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every figure `vigil evaluate` prints, as JSON for scripts: {@code nab.standard_heldout},
 * {@code nab.standard} (live threshold), {@code tep.vigil.mean_detection_rate},
 * {@code tep.vigil.false_alarm_rate} (over the 960 samples of d00_te), the same under {@code tep.pca}
 * and {@code tep.heldout}, {@code synthetic.f1}, and the rest of each table.
 */
public final class EvaluationJson {

  private final JsonObject root = new JsonObject();

  public void nab(NabResults results, double live, KFold folds) {
    JsonObject nab = new JsonObject().put("live_threshold", live).put("folds", folds.folds());
    for (NabScorer.Profile p : NabScorer.PROFILES) {
      String name = p == NabScorer.STANDARD ? "standard" : p == NabScorer.LOW_FP ? "low_fp" : "low_fn";
      double best = results.bestThreshold(p);
      nab.put(name, results.score(p, live))
          .put(name + "_heldout", results.heldOut(p, folds))
          .put(name + "_optimal", results.score(p, best))
          .put(name + "_optimal_threshold", best);
    }
    root.put("nab", nab);
  }

  public void tep(TepEvaluation.Result result) {
    JsonArray thresholds = new JsonArray();
    for (double t : result.foldThresholds()) {
      thresholds.add(t);
    }
    root.put("tep", new JsonObject()
        .put("vigil", figures(result.vigil()))
        .put("pca", figures(result.pca()))
        .put("heldout", figures(result.heldOut()).put("fold_thresholds", thresholds)));
  }

  public void synthetic(SyntheticBenchmark.Result result) {
    JsonObject kinds = new JsonObject();
    for (Map.Entry<SyntheticSeries.Kind, int[]> e : result.byKind().entrySet()) {
      int[] c = e.getValue();
      kinds.put(e.getKey().name().toLowerCase(), new JsonObject().put("found", c[0]).put("total", c[1])
          .put("recall", c[0] / (double) c[1]));
    }
    root.put("synthetic", new JsonObject().put("precision", result.precision())
        .put("precision_strict", result.strictPrecision()).put("recall", result.recall())
        .put("f1", result.f1()).put("kinds", kinds));
  }

  public void forecast(ForecastEvaluation.Result result) {
    JsonObject years = new JsonObject();
    result.byYear().forEach((year, f) -> years.put(Integer.toString(year), new JsonObject().put("vigil_mape", f[0])
        .put("seasonal_naive_mape", f[1]).put("interval_coverage", f[2]).put("hours", (long) f[3])));
    root.put("forecast", new JsonObject()
        .put("vigil", new JsonObject().put("mape", result.vigilMape()).put("interval_coverage", result.coverage()))
        .put("seasonal_naive", new JsonObject().put("mape", result.naiveMape()))
        .put("hours", result.hours())
        .put("years", years));
  }

  public JsonObject json() {
    return root;
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, root.encodePrettily());
  }

  private static JsonObject figures(TepFigures f) {
    JsonObject faults = new JsonObject();
    for (TepFigures.Fault fault : f.faults()) {
      faults.put(String.format("%02d", fault.fault()), new JsonObject().put("detection_rate", fault.detectionRate())
          .put("false_alarm_rate", fault.falseAlarmRate()).put("delay", fault.delay()));
    }
    return new JsonObject().put("mean_detection_rate", f.meanDetectionRate())
        .put("false_alarm_rate", f.falseAlarmRate())
        .put("false_alarm_rate_first_160", f.falseAlarmRateFirst160())
        .put("mean_delay", Double.isNaN(f.meanDelay()) ? null : f.meanDelay())
        .put("faults", faults);
  }
}
