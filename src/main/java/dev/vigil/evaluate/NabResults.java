package dev.vigil.evaluate;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NAB scores of one scored corpus: per profile, per threshold, per category. */
public final class NabResults {

  private static final int GRID = 400;

  private final List<NabFile> files;
  private final List<double[]> scores;
  private final int windows;
  private final Map<String, double[][]> onGrid = new java.util.concurrent.ConcurrentHashMap<>();

  public NabResults(List<NabFile> files, List<double[]> scores) {
    this.files = files;
    this.scores = scores;
    this.windows = files.stream().mapToInt(f -> f.windows().size()).sum();
  }

  /** The normalised corpus score at {@code threshold}. */
  public double score(NabScorer.Profile profile, double threshold) {
    double raw = 0;
    for (int f = 0; f < files.size(); f++) {
      raw += NabScorer.scoreFile(scores.get(f), threshold, files.get(f).windows(), profile);
    }
    return NabScorer.normalise(raw, windows, profile);
  }

  /**
   * The cross-validated score: for each fold of {@code folds} (by file), the threshold that maximises the
   * profile's score on the other folds' files is applied to the fold's own files; the raw scores of all
   * files so measured are summed and normalised. No file is scored with a threshold chosen on it.
   */
  public double heldOut(NabScorer.Profile profile, KFold folds) {
    double[][] grid = rawOnGrid(profile);
    double raw = 0;
    for (int fold = 0; fold < folds.folds(); fold++) {
      java.util.function.IntPredicate train = folds.training(fold);
      int best = GRID;
      double bestRaw = Double.NEGATIVE_INFINITY;
      for (int g = 1; g <= GRID; g++) {
        double r = sum(grid[g], train);
        if (r > bestRaw) {
          bestRaw = r;
          best = g;
        }
      }
      raw += sum(grid[best], folds.heldOut(fold));
    }
    return NabScorer.normalise(raw, windows, profile);
  }

  private static double sum(double[] perFile, java.util.function.IntPredicate files) {
    double raw = 0;
    for (int f = 0; f < perFile.length; f++) {
      raw += files.test(f) ? perFile[f] : 0;
    }
    return raw;
  }

  /** Raw score of every file at every grid threshold g / GRID, g = 0..GRID; computed once per profile. */
  private double[][] rawOnGrid(NabScorer.Profile profile) {
    return onGrid.computeIfAbsent(profile.name(), p -> {
      double[][] grid = new double[GRID + 1][files.size()];
      for (int g = 0; g <= GRID; g++) {
        for (int f = 0; f < files.size(); f++) {
          grid[g][f] = NabScorer.scoreFile(scores.get(f), g / (double) GRID, files.get(f).windows(), profile);
        }
      }
      return grid;
    });
  }

  /** The single corpus-wide threshold that maximises the profile's score (grid of 1/400 steps). */
  public double bestThreshold(NabScorer.Profile profile) {
    double[][] grid = rawOnGrid(profile);
    int best = GRID;
    double bestRaw = sum(grid[GRID], f -> true);
    for (int g = 1; g < GRID; g++) {
      double r = sum(grid[g], f -> true);
      if (r > bestRaw) {
        bestRaw = r;
        best = g;
      }
    }
    return best / (double) GRID;
  }

  /** Per category: normalised score (or the raw score where the category has no windows). */
  public Map<String, double[]> byCategory(NabScorer.Profile profile, double threshold) {
    Map<String, double[]> acc = new LinkedHashMap<>();
    for (int f = 0; f < files.size(); f++) {
      NabFile file = files.get(f);
      double[] a = acc.computeIfAbsent(file.category(), c -> new double[3]);
      a[0] += NabScorer.scoreFile(scores.get(f), threshold, file.windows(), profile);
      a[1] += file.windows().size();
      a[2] += 1;
    }
    return acc;
  }

  /** Prints the three profiles at the optimal and at the live threshold, then the category table. */
  public void print(PrintStream out, double liveThreshold) {
    out.printf("NAB v1.1: %d files, %d rows, %d windows%n", files.size(),
        files.stream().mapToInt(NabFile::rows).sum(), windows);
    KFold folds = new KFold(KFold.FOLDS);
    out.printf("%-20s %16s %16s %12s %10s%n", "profile", "held-out (5-fold)", "live thr " + liveThreshold,
        "optimal thr", "score");
    List<Double> best = new ArrayList<>();
    for (NabScorer.Profile p : NabScorer.PROFILES) {
      double t = bestThreshold(p);
      best.add(t);
      out.printf("%-20s %16.1f %16.1f %12.4f %10.1f%n", p.name(), heldOut(p, folds), score(p, liveThreshold), t,
          score(p, t));
    }
    out.printf("held-out: threshold chosen on 4 folds of files, scored on the fifth; live and optimal: in-sample%n");
    out.printf("%nPer category, standard profile (normalised; raw sum where a category has no windows):%n");
    out.printf("%-24s %6s %8s %12s %12s%n", "category", "files", "windows", "optimal", "live");
    Map<String, double[]> atBest = byCategory(NabScorer.STANDARD, best.get(0));
    Map<String, double[]> atLive = byCategory(NabScorer.STANDARD, liveThreshold);
    for (Map.Entry<String, double[]> e : atBest.entrySet()) {
      double[] b = e.getValue();
      double[] l = atLive.get(e.getKey());
      out.printf("%-24s %6d %8d %12s %12s%n", e.getKey(), (int) b[2], (int) b[1], cell(b), cell(l));
    }
  }

  private static String cell(double[] a) {
    return a[1] == 0 ? String.format("raw %.2f", a[0])
        : String.format("%.1f", NabScorer.normalise(a[0], (int) a[1], NabScorer.STANDARD));
  }
}
