package dev.vigil.evaluate;

import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.JointModel;
import dev.vigil.scoring.detect.StreamingRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * `vigil evaluate --tep`: the streaming protocol of tep/SCORING.md. For each NN in 00..21 one device
 * publishes the 500 samples of d00.dat then the 960 of dNN_te.dat, 3 minutes apart, through Vigil's
 * detector (the server's deterministic path, {@link StreamingRun}); beside it, the textbook PCA
 * baseline (k = 9, T^2 and Q limits at the 99th percentile of the training samples themselves),
 * computed by {@link JointModel} in the same run.
 */
public final class TepEvaluation {

  /** Components of the baseline, as SCORING.md measures it. */
  static final int BASELINE_COMPONENTS = 9;
  static final double BASELINE_QUANTILE = 0.99;
  private static final long SAMPLE_SECONDS = 180;
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /** Vigil at the live threshold, the baseline, and Vigil with the threshold chosen by k-fold. */
  public record Result(TepFigures vigil, TepFigures pca, TepFigures heldOut, double[] foldThresholds) {
  }

  private TepEvaluation() {
  }

  public static Result run(Path root, Path outDir, DetectorSettings settings, int threads, PrintStream out,
      NabRun.Progress progress) throws Exception {
    double[][] training = TepData.training(root);
    List<double[][]> tests = new ArrayList<>();
    for (int n = 0; n <= TepData.FAULTS; n++) {
      tests.add(TepData.test(root, n));
    }
    long started = System.nanoTime();
    List<double[]> scores = scoreAll(training, tests, settings, threads, progress);
    out.printf("TEP scored in %.1f s with %d thread(s)%n", (System.nanoTime() - started) / 1e9, threads);
    JointModel pca = JointModel.fit(training, training, BASELINE_COMPONENTS, 0, BASELINE_QUANTILE)
        .orElseThrow(() -> new IOException("PCA baseline: the eigen decomposition of d00.dat failed"));
    List<boolean[]> pcaFlags = new ArrayList<>();
    List<boolean[]> vigilFlags = new ArrayList<>();
    for (int n = 0; n < tests.size(); n++) {
      pcaFlags.add(pcaFlags(pca, tests.get(n)));
      vigilFlags.add(flags(scores.get(n), settings.threshold()));
    }
    KFold folds = new KFold(KFold.FOLDS);
    double[] thresholds = new double[folds.folds()];
    List<boolean[]> heldOut = new ArrayList<>(vigilFlags);
    for (int fold = 0; fold < folds.folds(); fold++) {
      thresholds[fold] = chooseThreshold(scores, folds, fold);
      for (int n = 0; n < scores.size(); n++) {
        if (folds.heldOut(fold).test(n)) {
          heldOut.set(n, flags(scores.get(n), thresholds[fold]));
        }
      }
    }
    writeCsvs(outDir.resolve("tep"), tests, scores, settings.threshold(), pca);
    Result result = new Result(TepFigures.of(vigilFlags), TepFigures.of(pcaFlags), TepFigures.of(heldOut),
        thresholds);
    print(out, result, settings.threshold());
    out.printf("per-file results (sample,label,score,anomalous,pca_t2,pca_q,pca_alarm): %s%n",
        outDir.resolve("tep").toAbsolutePath());
    return result;
  }

  /** Vigil's score of each of the 960 test samples of every file, after the 500 training samples. */
  static List<double[]> scoreAll(double[][] training, List<double[][]> tests, DetectorSettings settings,
      int threads, NabRun.Progress progress) throws Exception {
    int perFile = TepData.TRAINING + TepData.TEST;
    progress.started(tests.size(), (long) perFile * tests.size());
    AtomicLong rows = new AtomicLong();
    AtomicInteger files = new AtomicInteger();
    List<Callable<double[]>> jobs = new ArrayList<>();
    for (int n = 0; n < tests.size(); n++) {
      int fault = n;
      jobs.add(() -> {
        double[] s = scoreDevice(String.format("tep-%02d", fault), training, tests.get(fault), settings);
        progress.advanced(files.incrementAndGet(), rows.addAndGet(perFile));
        return s;
      });
    }
    try {
      return InParallel.run(jobs, threads);
    } finally {
      progress.finished();
    }
  }

  static double[] scoreDevice(String device, double[][] training, double[][] test, DetectorSettings settings) {
    StreamingRun run = new StreamingRun(device, TepData.metricNames(), settings);
    int t = 0;
    for (double[] row : training) {
      run.next(START.plusSeconds(SAMPLE_SECONDS * t++), row);
    }
    double[] scores = new double[test.length];
    for (int i = 0; i < test.length; i++) {
      ScoredReading verdict = run.next(START.plusSeconds(SAMPLE_SECONDS * t++), test[i]);
      scores[i] = verdict.score();
    }
    return scores;
  }

  static boolean[] pcaFlags(JointModel pca, double[][] test) {
    boolean[] flags = new boolean[test.length];
    for (int i = 0; i < test.length; i++) {
      flags[i] = pca.joint(test[i]) > 1.0;
    }
    return flags;
  }

  static boolean[] flags(double[] scores, double threshold) {
    boolean[] f = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      f[i] = scores[i] >= threshold;
    }
    return f;
  }

  /**
   * The threshold chosen on the files outside {@code fold}: the highest mean detection rate over their
   * detectable faults while no more than 5% of their normal test samples (the first 160 of each file,
   * all 960 of d00_te) are flagged; thresholds on a grid of 1/400.
   */
  static double chooseThreshold(List<double[]> scores, KFold folds, int fold) {
    double best = 1.0;
    double bestRate = -1;
    for (int g = 399; g >= 1; g--) {
      double threshold = g / 400.0;
      long alarms = 0;
      long normals = 0;
      double rate = 0;
      int faults = 0;
      for (int n = 0; n < scores.size(); n++) {
        if (!folds.training(fold).test(n)) {
          continue;
        }
        double[] s = scores.get(n);
        int normalEnd = n == 0 ? s.length : TepData.FAULT_START;
        for (int i = 0; i < normalEnd; i++) {
          alarms += s[i] >= threshold ? 1 : 0;
        }
        normals += normalEnd;
        if (n > 0 && !TepFigures.UNDETECTABLE.contains(n)) {
          rate += TepFigures.share(flags(s, threshold), TepData.FAULT_START, s.length);
          faults++;
        }
      }
      double mean = faults == 0 ? 0 : rate / faults;
      if (alarms <= 0.05 * normals && mean > bestRate) {
        bestRate = mean;
        best = threshold;
      }
    }
    return best;
  }

  static void print(PrintStream out, Result r, double live) {
    out.printf("TEP: 22 devices (d00.dat then dNN_te.dat); mean over the 18 detectable faults (3, 9, 15 excluded)%n");
    out.printf("%-38s %10s %12s %12s %10s%n", "detector", "detection", "false alarm", "false alarm", "delay");
    out.printf("%-38s %10s %12s %12s %10s%n", "", "rate", "d00_te 960", "first 160", "samples");
    row(out, "Vigil, held-out threshold (5-fold)", r.heldOut());
    row(out, "Vigil, live threshold " + live, r.vigil());
    row(out, "PCA T^2/Q baseline (k=9, 99%)", r.pca());
    out.printf("held-out thresholds per fold: %s%n", java.util.Arrays.toString(r.foldThresholds()));
    out.printf("%n%-6s %22s %22s %22s%n", "fault", "Vigil live (DR/FAR/delay)", "Vigil held-out", "PCA baseline");
    for (int n = 0; n < r.vigil().faults().size(); n++) {
      out.printf("%-6s %22s %22s %22s%n", String.format("%02d%s", n, TepFigures.UNDETECTABLE.contains(n) ? "*" : ""),
          cell(r.vigil().faults().get(n)), cell(r.heldOut().faults().get(n)), cell(r.pca().faults().get(n)));
    }
    out.printf("* left out of the means%n");
  }

  private static void row(PrintStream out, String name, TepFigures f) {
    out.printf("%-38s %10.3f %12.3f %12.3f %10.1f%n", name, f.meanDetectionRate(), f.falseAlarmRate(),
        f.falseAlarmRateFirst160(), f.meanDelay());
  }

  private static String cell(TepFigures.Fault f) {
    return String.format("%.3f/%.3f/%s", f.detectionRate(), f.falseAlarmRate(), f.delay() < 0 ? "-" : f.delay());
  }

  static void writeCsvs(Path dir, List<double[][]> tests, List<double[]> scores, double threshold, JointModel pca)
      throws IOException {
    Files.createDirectories(dir);
    for (int n = 0; n < tests.size(); n++) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(String.format("d%02d_te.csv", n)))) {
        w.write("sample,label,score,anomalous,pca_t2,pca_q,pca_alarm\n");
        double[][] test = tests.get(n);
        for (int i = 0; i < test.length; i++) {
          double[] stats = pca.statistics(test[i]);
          boolean label = n > 0 && i >= TepData.FAULT_START;
          w.write((i + 1) + "," + (label ? 1 : 0) + "," + scores.get(n)[i] + "," + (scores.get(n)[i] >= threshold ? 1 : 0)
              + "," + stats[0] + "," + stats[1] + "," + (pca.joint(test[i]) > 1.0 ? 1 : 0) + "\n");
        }
      }
    }
  }
}
