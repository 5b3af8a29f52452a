package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases on a 100-row file (probation 15 rows) with one window over rows 40..49
 * (width 10). sig(x) = 2 / (1 + e^(5x)) - 1; sig(-1) = 0.986614.
 */
class NabScorerTest {

  private static final List<NabScorer.Window> ONE_WINDOW = List.of(new NabScorer.Window(40, 49));

  private static double[] detectionsAt(int... rows) {
    double[] scores = new double[100];
    for (int r : rows) {
      scores[r] = 1.0;
    }
    return scores;
  }

  private static double standard(double[] scores) {
    return NabScorer.scoreFile(scores, 0.5, ONE_WINDOW, NabScorer.STANDARD);
  }

  @Test
  void aDetectionAtTheLeftEdgeEarnsTheFullTruePositiveWeight() {
    assertThat(standard(detectionsAt(40))).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void aLateDetectionEarnsLess() {
    // x = -(49 - 49 + 1) / 10 = -0.1: sig(-0.1) / sig(-1) = 0.248242
    assertThat(standard(detectionsAt(49))).isCloseTo(0.2482415498, within(1e-9));
  }

  @Test
  void onlyTheFirstDetectionOfAWindowCounts() {
    // x = -(49 - 42 + 1) / 10 = -0.8; the one at 45 adds nothing
    assertThat(standard(detectionsAt(42, 45))).isCloseTo(0.9771068409, within(1e-9));
  }

  @Test
  void aFalsePositiveJustAfterAWindowCostsLittle() {
    // window missed: -1; FP at 50: x = |49 - 50| / 9, sig(1/9) * 0.11 = -0.029793
    assertThat(standard(detectionsAt(50))).isCloseTo(-1.0297931830, within(1e-9));
  }

  @Test
  void aFalsePositiveFarFromAnyWindowCostsTheFullWeight() {
    // window hit at its left edge (+1); FP at 95: x = 46 / 9 > 3, so -0.11
    assertThat(standard(detectionsAt(40, 95))).isCloseTo(1.0 - 0.11, within(1e-9));
  }

  @Test
  void aFalsePositiveBeforeAnyWindowCostsTheFullWeight() {
    assertThat(standard(detectionsAt(20, 40))).isCloseTo(1.0 - 0.11, within(1e-9));
  }

  @Test
  void aMissCostsTheFalseNegativeWeightOfTheProfile() {
    assertThat(standard(detectionsAt())).isEqualTo(-1.0);
    assertThat(NabScorer.scoreFile(detectionsAt(), 0.5, ONE_WINDOW, NabScorer.LOW_FN)).isEqualTo(-2.0);
  }

  @Test
  void ignoresDetectionsInTheProbationPeriod() {
    assertThat(NabScorer.probation(100)).isEqualTo(15);
    assertThat(NabScorer.probation(100_000)).isEqualTo(750);
    assertThat(standard(detectionsAt(3, 14))).isEqualTo(-1.0);
  }

  @Test
  void countsOnlyScoresAtOrAboveTheThreshold() {
    double[] scores = new double[100];
    scores[40] = 0.49;
    scores[44] = 0.5;
    // first detection at 44: x = -0.6
    double expected = NabScorer.sigmoid(-0.6) / NabScorer.sigmoid(-1.0);
    assertThat(standard(scores)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void normalisesBetweenTheNullAndThePerfectDetector() {
    assertThat(NabScorer.normalise(-116, 116, NabScorer.STANDARD)).isEqualTo(0.0);
    assertThat(NabScorer.normalise(116, 116, NabScorer.STANDARD)).isEqualTo(100.0);
    assertThat(NabScorer.normalise(-232, 116, NabScorer.LOW_FN)).isEqualTo(0.0);
    assertThat(NabScorer.normalise(0, 116, NabScorer.LOW_FN)).isCloseTo(66.666, within(1e-3));
  }
}
