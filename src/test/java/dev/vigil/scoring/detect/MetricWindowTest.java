package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricWindowTest {

  private static MetricWindow seen(double... values) {
    MetricWindow window = new MetricWindow();
    for (int i = 0; i < values.length; i++) {
      window.update(values[i], 60L * i);
    }
    return window;
  }

  @Test
  void measuresHowFarAValueLiesBeyondEveryValueSeenInWidthsOfThatRange() {
    MetricWindow window = seen(10, 30, 20, 15);
    assertThat(window.beyondRange(35)).isCloseTo(0.25, within(1e-12));
    assertThat(window.beyondRange(0)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void putsEveryValueInsideTheRangeSeenAtZero() {
    MetricWindow window = seen(10, 30, 20, 15);
    assertThat(window.beyondRange(10)).isZero();
    assertThat(window.beyondRange(30)).isZero();
    assertThat(window.beyondRange(22.5)).isZero();
  }

  @Test
  void judgesNothingWhileTheRangeHasNoWidth() {
    assertThat(new MetricWindow().beyondRange(5)).isZero();
    assertThat(seen(7, 7, 7).beyondRange(1000)).isZero();
  }

  @Test
  void widensTheRangeWithEveryValueItLearns() {
    MetricWindow window = seen(10, 30);
    assertThat(window.beyondRange(50)).isCloseTo(1.0, within(1e-12));
    window.update(50, 120);
    assertThat(window.beyondRange(50)).isZero();
  }
}
