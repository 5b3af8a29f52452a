package dev.vigil.scoring.detect;

import java.time.Instant;

/**
 * A snapshot of a detector's recent normal readings, ready to train a model from off the scoring
 * lane. Immutable once handed out.
 *
 * @param detectorKey device and metric set the model is for
 * @param metrics     metric names, in feature order
 * @param features    feature vectors to train on
 * @param values      the raw metric values of the same readings (for drift reports), row per reading
 * @param from        timestamp of the oldest reading used
 * @param to          timestamp of the newest reading used
 */
public record TrainingJob(String detectorKey, String[] metrics, double[][] features, double[][] values,
    Instant from, Instant to) {

  /** The training values per metric (column-wise): the reference drift is measured against. */
  public double[][] valuesByMetric() {
    double[][] out = new double[metrics.length][values.length];
    for (int r = 0; r < values.length; r++) {
      for (int m = 0; m < metrics.length; m++) {
        out[m][r] = values[r][m];
      }
    }
    return out;
  }

  /** Trains the model: the only heavy step of scoring, run off the lane. */
  public SvmModel train() {
    return OneClassSvmTrainer.train(features, detectorKey);
  }
}
