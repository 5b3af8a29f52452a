package dev.vigil.scoring.detect;

/**
 * Turns a stream of raw anomaly scores into how unusual the recent ones are, the way Numenta's
 * anomaly likelihood does: the mean of the last few raw scores is compared with the long-term
 * distribution of such means, and the Gaussian tail probability of that comparison is returned as
 * a base-10 log ("surprise"): 2 means p = 0.01, 5 means p = 0.00001. A device whose raw scores are
 * always noisy therefore needs a much stronger deviation than a quiet one, which is what makes one
 * threshold mean the same for every device.
 */
final class AnomalyLikelihood {

  private static final double MIN_SPREAD = 0.015;

  private final double[] recent;
  private final double[] history;
  private int recentCount;
  private int recentNext;
  private double recentSum;
  private int historyCount;
  private int historyNext;
  private double historySum;
  private double historySquares;
  private long sinceRecompute;

  AnomalyLikelihood(int shortWindow, int longWindow) {
    this.recent = new double[shortWindow];
    this.history = new double[longWindow];
  }

  /** Whether enough raw scores have been seen to judge. */
  boolean ready(int minimum) {
    return historyCount >= minimum;
  }

  /** Folds in {@code raw} and returns -log10 of the tail probability of the recent mean. */
  double surprise(double raw) {
    double shortMean = pushRecent(raw);
    double surprise = 0.0;
    if (historyCount >= 2) {
      double mean = historySum / historyCount;
      double variance = Math.max(0.0, historySquares / historyCount - mean * mean);
      double sd = Math.max(Math.sqrt(variance), MIN_SPREAD);
      surprise = Calibration.surprise((shortMean - mean) / sd);
    }
    pushHistory(shortMean);
    return surprise;
  }

  private double pushRecent(double raw) {
    if (recentCount == recent.length) {
      recentSum -= recent[recentNext];
    } else {
      recentCount++;
    }
    recent[recentNext] = raw;
    recentSum += raw;
    recentNext = (recentNext + 1) % recent.length;
    return recentSum / recentCount;
  }

  private void pushHistory(double value) {
    if (historyCount == history.length) {
      double old = history[historyNext];
      historySum -= old;
      historySquares -= old * old;
    } else {
      historyCount++;
    }
    history[historyNext] = value;
    historySum += value;
    historySquares += value * value;
    historyNext = (historyNext + 1) % history.length;
    if (++sinceRecompute >= history.length) {
      recomputeSums();
    }
  }

  /** Running sums drift by rounding over millions of updates; recompute them now and then. */
  private void recomputeSums() {
    sinceRecompute = 0;
    historySum = 0;
    historySquares = 0;
    for (int i = 0; i < historyCount; i++) {
      historySum += history[i];
      historySquares += history[i] * history[i];
    }
  }
}
