package dev.vigil.scoring.detect;

/**
 * Maps the likelihood's standardised deviation to the calibrated score in [0,1]: first to the
 * Gaussian tail probability p (as -log10 p, the "surprise"), then {@code 1 - exp(-surprise / scale)}.
 * Both steps are monotone, so a larger deviation never scores lower; and since p is a probability
 * under the device's own score distribution, one threshold means the same rarity for every device.
 */
public final class Calibration {

  private Calibration() {
  }

  /** -log10 of the Gaussian upper-tail probability of {@code z}. */
  public static double surprise(double z) {
    return Gaussian.log10UpperTail(z);
  }

  /** The calibrated score for a surprise; {@code scale} is the surprise that scores 1 - 1/e. */
  public static double score(double surprise, double scale) {
    return 1.0 - Math.exp(-Math.max(0.0, surprise) / scale);
  }

  /**
   * The calibrated score of the joint model's evidence (its smoothed statistic over its limit, 1 at the
   * limit): {@code 1 - (1 - threshold)^evidence}, so that evidence 1 scores exactly the live threshold,
   * 2 scores 1 - (1 - threshold)^2 (0.9975 at 0.95), and 0 scores 0. Monotone, in [0,1].
   */
  public static double fromEvidence(double evidence, double threshold) {
    return 1.0 - Math.pow(1.0 - threshold, Math.max(0.0, evidence));
  }
}
