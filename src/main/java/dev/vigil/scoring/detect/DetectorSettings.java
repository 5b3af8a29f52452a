package dev.vigil.scoring.detect;

import dev.vigil.config.ConfigKey;
import dev.vigil.scoring.ScoringConfig;

/**
 * The one configuration every detector runs with (no per-device tuning). Only warm-up and the live
 * threshold come from the user's config; the rest are the constants measured on NAB
 * (docs/benchmarks.md).
 *
 * @param warmup        readings learned from before the first verdict
 * @param threshold     calibrated score at or above which a reading is anomalous
 * @param trainingRows  most recent normal readings a model is trained on
 * @param retrainEvery  readings between scheduled retrainings (0: never)
 * @param shortWindow   raw scores averaged into the "recent" mean of the likelihood
 * @param longWindow    recent means the likelihood's long-term distribution is estimated from
 * @param fullSurprise  scale of the calibration: score = 1 - exp(-surprise / fullSurprise)
 * @param quietAfter    readings after an anomaly during which repeated detections are damped
 */
public record DetectorSettings(int warmup, double threshold, int trainingRows, int retrainEvery, int shortWindow,
    int longWindow, double fullSurprise, int quietAfter) {

  public static final int TRAINING_ROWS = 600;
  public static final int RETRAIN_EVERY = 2000;
  public static final int SHORT_WINDOW = 9;
  public static final int LONG_WINDOW = 1500;
  /** Chosen with the SVM's shaped outlierness by NAB's 5-fold split by file (docs/detection.md); was 2.0. */
  public static final double FULL_SURPRISE = 1.8;
  /** The live anomaly alert's clear-after default: evaluate scores the episodes a user is told about. */
  public static final int QUIET_AFTER = Integer.parseInt(ConfigKey.ALERT_CLEAR_AFTER.defaultValue());

  public DetectorSettings {
    if (warmup < 10) {
      throw new IllegalArgumentException("warmup must be at least 10, was " + warmup);
    }
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0,1], was " + threshold);
    }
  }

  /** Vigil's settings for a scoring config: the same ones the NAB evaluation runs. */
  public static DetectorSettings of(ScoringConfig config) {
    return of(config.warmup(), config.threshold());
  }

  public static DetectorSettings of(int warmup, double threshold) {
    return new DetectorSettings(warmup, threshold, Math.max(TRAINING_ROWS, warmup), RETRAIN_EVERY, SHORT_WINDOW,
        LONG_WINDOW, FULL_SURPRISE, QUIET_AFTER);
  }
}
