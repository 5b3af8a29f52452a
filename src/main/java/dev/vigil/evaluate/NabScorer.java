package dev.vigil.evaluate;

import java.util.List;

/**
 * The NAB scorer exactly as the corpus's SCORING.md defines it: probation period, scaled sigmoid
 * over the position in a window, only the first detection of a window counted, false positives
 * weighted by their distance from the previous window, normalisation against the null and the
 * perfect detector.
 */
public final class NabScorer {

  /** A cost profile. */
  public record Profile(String name, double tp, double fn, double fp) {
  }

  /** A labelled anomaly window, in rows, both ends inclusive. */
  public record Window(int left, int right) {
    public int width() {
      return right - left + 1;
    }
  }

  public static final Profile STANDARD = new Profile("standard", 1.0, 1.0, 0.11);
  public static final Profile LOW_FP = new Profile("reward_low_FP_rate", 1.0, 1.0, 0.22);
  public static final Profile LOW_FN = new Profile("reward_low_FN_rate", 1.0, 2.0, 0.11);
  public static final List<Profile> PROFILES = List.of(STANDARD, LOW_FP, LOW_FN);

  private NabScorer() {
  }

  /** Rows at the start of a file that are not scored. */
  public static int probation(int rows) {
    return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
  }

  /** The scaled sigmoid: 2 / (1 + e^(5x)) - 1 for x <= 3, -1 beyond. */
  public static double sigmoid(double x) {
    return x > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
  }

  /**
   * The raw score of one file.
   *
   * @param scores    the detector's score per row
   * @param threshold rows scoring at or above it are detections
   * @param windows   the file's windows, in row order, not overlapping
   */
  public static double scoreFile(double[] scores, double threshold, List<Window> windows, Profile profile) {
    boolean[] detected = new boolean[windows.size()];
    double total = 0;
    int w = 0;
    for (int i = probation(scores.length); i < scores.length; i++) {
      if (!(scores[i] >= threshold)) {
        continue;
      }
      while (w < windows.size() && windows.get(w).right() < i) {
        w++;
      }
      if (w < windows.size() && windows.get(w).left() <= i) {
        total += detectionInWindow(i, w, windows, detected, profile);
      } else {
        total += falsePositive(i, w == 0 ? null : windows.get(w - 1), profile);
      }
    }
    for (boolean hit : detected) {
      total -= hit ? 0 : profile.fn();
    }
    return total;
  }

  private static double detectionInWindow(int i, int w, List<Window> windows, boolean[] detected,
      Profile profile) {
    if (detected[w]) {
      return 0;
    }
    detected[w] = true;
    Window window = windows.get(w);
    double x = -(double) (window.right() - i + 1) / window.width();
    return sigmoid(x) * profile.tp() / sigmoid(-1.0);
  }

  private static double falsePositive(int i, Window previous, Profile profile) {
    if (previous == null || previous.width() <= 1) {
      return -profile.fp();
    }
    double x = Math.abs(previous.right() - i) / (double) (previous.width() - 1);
    return sigmoid(x) * profile.fp();
  }

  /** The normalised corpus score from the summed raw score and the number of windows. */
  public static double normalise(double raw, int windows, Profile profile) {
    double nullScore = -profile.fn() * windows;
    double perfect = profile.tp() * windows;
    return 100.0 * (raw - nullScore) / (perfect - nullScore);
  }
}
