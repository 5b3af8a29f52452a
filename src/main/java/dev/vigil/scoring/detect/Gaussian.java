package dev.vigil.scoring.detect;

/** Gaussian tail probabilities in log space, so that far tails do not underflow to zero. */
final class Gaussian {

  private static final double LN10 = Math.log(10.0);

  private Gaussian() {
  }

  /** -log10 P(Z >= z) for a standard normal Z; 0 or close to it for z <= 0. */
  static double log10UpperTail(double z) {
    // P(Z >= z) = erfc(z / sqrt 2) / 2
    return -(logErfc(z / Math.sqrt(2.0)) - Math.log(2.0)) / LN10;
  }

  /**
   * Natural log of erfc(x), from the Chebyshev fit of Numerical Recipes (relative error below
   * 1.2e-7 everywhere), evaluated in log form for x >= 0.
   */
  static double logErfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    double logPositive = Math.log(t) + poly;
    if (x >= 0) {
      return logPositive;
    }
    return Math.log(2.0 - Math.exp(logPositive));
  }
}
