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
}
