package dev.vigil.evaluate;

import dev.vigil.scoring.detect.AlertEpisode;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.StreamingRun;
import java.io.PrintStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Precision, recall and F1 of the live detector on labelled synthetic series. An injection counts as
 * found when a detection falls in it or within {@link #GRACE} rows after it. A detection counts as
 * correct when it falls where an injected change is still in the series: in an injection or its grace
 * period, or anywhere after a drift began (a drift's offset, once its ramp is over, stays to the end of
 * the series; see {@link SyntheticSeries}); as a false alarm otherwise. The strict precision, which
 * counts detections after a drift's ramp and grace as false alarms too, is printed beside it.
 */
public final class SyntheticBenchmark {

  static final int SERIES = 30;
  static final int ROWS = 6000;
  static final int CLEAN = 1500;
  static final int GRACE = 12;

  private SyntheticBenchmark() {
  }

  /** Precision, recall and F1 over all injections, and per kind of injection {found, total}. */
  public record Result(double precision, double strictPrecision, double recall, double f1,
      Map<SyntheticSeries.Kind, int[]> byKind) {
  }

  /** Runs the benchmark and prints the table. */
  public static Result run(DetectorSettings settings, PrintStream out) {
    Map<SyntheticSeries.Kind, int[]> found = new EnumMap<>(SyntheticSeries.Kind.class);
    long truePositives = 0;
    long strictTruePositives = 0;
    long detections = 0;
    for (int s = 0; s < SERIES; s++) {
      SyntheticSeries series = SyntheticSeries.generate(1000 + s, ROWS, CLEAN);
      boolean[] fired = detect(series, settings, "synthetic-" + s);
      for (int i = 0; i < ROWS; i++) {
        if (fired[i]) {
          detections++;
          truePositives += inEffect(series, i) ? 1 : 0;
          strictTruePositives += withinGrace(series, i) ? 1 : 0;
        }
      }
      for (SyntheticSeries.Injection inj : series.injections()) {
        int[] counts = found.computeIfAbsent(inj.kind(), k -> new int[2]);
        counts[1]++;
        for (int i = inj.start(); i <= Math.min(ROWS - 1, inj.end() + GRACE); i++) {
          if (fired[i]) {
            counts[0]++;
            break;
          }
        }
      }
    }
    return report(out, found, new long[] {truePositives, strictTruePositives}, detections);
  }

  private static boolean[] detect(SyntheticSeries series, DetectorSettings settings, String device) {
    StreamingRun run = new StreamingRun(device, "value", settings);
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    AlertEpisode episode = new AlertEpisode(settings.quietAfter());
    boolean[] fired = new boolean[series.values().length];
    for (int i = 0; i < fired.length; i++) {
      // a detection is an alert opening, as a user sees it (the NAB run counts the same way)
      fired[i] = episode.next(run.next(t.plusSeconds(300L * i), series.values()[i]).anomalous())
          == AlertEpisode.Transition.OPENED;
    }
    return fired;
  }

  /** Whether an injected change is in the series at {@code row}: a drift's offset stays once it began. */
  static boolean inEffect(SyntheticSeries series, int row) {
    for (SyntheticSeries.Injection inj : series.injections()) {
      int last = inj.kind() == SyntheticSeries.Kind.DRIFT ? Integer.MAX_VALUE : inj.end() + GRACE;
      if (row >= inj.start() && row <= last) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code row} is in an injection or its grace period (the strict count). */
  static boolean withinGrace(SyntheticSeries series, int row) {
    for (SyntheticSeries.Injection inj : series.injections()) {
      if (row >= inj.start() && row <= inj.end() + GRACE) {
        return true;
      }
    }
    return false;
  }

  private static Result report(PrintStream out, Map<SyntheticSeries.Kind, int[]> found, long[] tp, long detections) {
    out.printf("Synthetic benchmark: %d series x %d readings, one injection of each kind per series%n", SERIES, ROWS);
    out.printf("%-12s %8s %8s %8s%n", "kind", "found", "total", "recall");
    int hit = 0;
    int total = 0;
    for (Map.Entry<SyntheticSeries.Kind, int[]> e : found.entrySet()) {
      int[] c = e.getValue();
      hit += c[0];
      total += c[1];
      out.printf("%-12s %8d %8d %8.2f%n", e.getKey(), c[0], c[1], c[0] / (double) c[1]);
    }
    double precision = detections == 0 ? 0 : tp[0] / (double) detections;
    double strict = detections == 0 ? 0 : tp[1] / (double) detections;
    double recall = total == 0 ? 0 : hit / (double) total;
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    out.printf("precision %.3f (%d of %d detections; strict, a drift over once its ramp ends: %.3f)  recall %.3f  F1 %.3f%n",
        precision, tp[0], detections, strict, recall, f1);
    return new Result(precision, strict, recall, f1, found);
  }
}
