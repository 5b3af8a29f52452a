package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void neverScoresALargerDeviationLower() {
    double previous = -1;
    for (double z = -5; z <= 40; z += 0.01) {
      double score = Calibration.score(Calibration.surprise(z), DetectorSettings.FULL_SURPRISE);
      assertThat(score).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
      previous = score;
    }
  }

  @Test
  void turnsTailProbabilitiesIntoSurprise() {
    assertThat(Calibration.surprise(0)).isCloseTo(Math.log10(2), org.assertj.core.data.Offset.offset(1e-6));
    // P(Z >= 3.0902) = 0.001
    assertThat(Calibration.surprise(3.0902)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-3));
    // far tails stay finite instead of underflowing to an infinite surprise
    assertThat(Calibration.surprise(60)).isFinite().isGreaterThan(700);
  }

}
