package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationJsonTest {

  @TempDir
  Path dir;

  private static NabResults nab() {
    List<NabFile> files = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      int rows = 1000;
      Instant[] ts = new Instant[rows];
      String[] raw = new String[rows];
      double[] values = new double[rows];
      double[] s = new double[rows];
      for (int i = 0; i < rows; i++) {
        ts[i] = Instant.ofEpochSecond(300L * i);
        raw[i] = ts[i].toString();
      }
      s[520] = 0.99; // a detection early in the window [500, 600]
      files.add(new NabFile("c/f" + f + ".csv", "c", ts, raw, values, List.of(new NabScorer.Window(500, 600))));
      scores.add(s);
    }
    return new NabResults(files, scores);
  }

  private static TepFigures tep(double rate) {
    List<boolean[]> flags = new ArrayList<>();
    for (int n = 0; n <= 21; n++) {
      boolean[] f = new boolean[TepData.TEST];
      for (int i = n == 0 ? 0 : 960 - (int) (800 * rate); i < (n == 0 ? 48 : 960); i++) {
        f[i] = true;
      }
      flags.add(f);
    }
    return TepFigures.of(flags);
  }

  @Test
  void writesTheFiguresScriptsCheckAsNumbersUnderTheirDottedNames() throws Exception {
    EvaluationJson json = new EvaluationJson();
    json.nab(nab(), 0.95, new KFold(5));
    json.tep(new TepEvaluation.Result(tep(0.9), tep(0.8), tep(0.85), new double[] {0.95, 0.96, 0.95, 0.95, 0.97}));
    Map<SyntheticSeries.Kind, int[]> kinds = new EnumMap<>(SyntheticSeries.Kind.class);
    kinds.put(SyntheticSeries.Kind.SPIKE, new int[] {27, 30});
    json.synthetic(new SyntheticBenchmark.Result(0.95, 0.93, 0.9, 0.924, kinds));
    Path file = dir.resolve("figures/out.json");
    json.write(file);

    JsonObject read = new JsonObject(Files.readString(file));
    assertThat(read.getJsonObject("nab").getDouble("standard_heldout")).isGreaterThan(50.0);
    assertThat(read.getJsonObject("nab").getDouble("standard")).isGreaterThan(50.0);
    JsonObject tep = read.getJsonObject("tep");
    assertThat(tep.getJsonObject("vigil").getDouble("mean_detection_rate")).isCloseTo(0.9, within(1e-9));
    assertThat(tep.getJsonObject("vigil").getDouble("false_alarm_rate")).isEqualTo(0.05);
    assertThat(tep.getJsonObject("pca").getDouble("mean_detection_rate")).isCloseTo(0.8, within(1e-9));
    assertThat(tep.getJsonObject("pca").getDouble("false_alarm_rate")).isEqualTo(0.05);
    assertThat(tep.getJsonObject("heldout").getDouble("mean_detection_rate")).isCloseTo(0.85, within(1e-9));
    assertThat(read.getJsonObject("synthetic").getDouble("f1")).isEqualTo(0.924);
    assertThat(read.getJsonObject("synthetic").getDouble("precision_strict")).isEqualTo(0.93);
    assertThat(read.getJsonObject("synthetic").getJsonObject("kinds").getJsonObject("spike").getDouble("recall"))
        .isEqualTo(0.9);
  }

  @Test
  void writesTheForecastFiguresUnderForecastVigilAndForecastSeasonalNaive() throws Exception {
    EvaluationJson json = new EvaluationJson();
    json.forecast(new ForecastEvaluation.Result(4.1, 10.4, 0.9, 26_301,
        Map.of(2015, new double[] {4.0, 10.1, 0.91, 8759})));
    Path file = dir.resolve("forecast.json");
    json.write(file);

    JsonObject forecast = new JsonObject(Files.readString(file)).getJsonObject("forecast");
    assertThat(forecast.getJsonObject("vigil").getDouble("mape")).isEqualTo(4.1);
    assertThat(forecast.getJsonObject("seasonal_naive").getDouble("mape")).isEqualTo(10.4);
    assertThat(forecast.getJsonObject("vigil").getDouble("interval_coverage")).isEqualTo(0.9);
    assertThat(forecast.getJsonObject("years").getJsonObject("2015").getDouble("seasonal_naive_mape"))
        .isEqualTo(10.1);
  }
}
