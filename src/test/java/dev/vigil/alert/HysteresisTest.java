package dev.vigil.alert;

import static dev.vigil.alert.Hysteresis.Decision.CLEAR;
import static dev.vigil.alert.Hysteresis.Decision.NONE;
import static dev.vigil.alert.Hysteresis.Decision.OPEN;
import static dev.vigil.alert.Hysteresis.Decision.REPEAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HysteresisTest {

  private static List<Hysteresis.Decision> feed(Hysteresis h, boolean... abnormal) {
    List<Hysteresis.Decision> out = new ArrayList<>();
    for (boolean a : abnormal) {
      out.add(h.observe(a, false));
    }
    return out;
  }

  @Test
  void opensAfterOpenAfterAbnormalObservationsInARow() {
    Hysteresis h = new Hysteresis(3, 2);
    assertThat(feed(h, true, true, true, true)).containsExactly(NONE, NONE, OPEN, REPEAT);
    assertThat(h.isOpen()).isTrue();
  }

  @Test
  void aNormalObservationRestartsTheCountTowardsOpening() {
    Hysteresis h = new Hysteresis(3, 2);
    assertThat(feed(h, true, true, false, true, true)).containsExactly(NONE, NONE, NONE, NONE, NONE);
    assertThat(h.isOpen()).isFalse();
  }

  @Test
  void aStrongObservationOpensAtOnce() {
    Hysteresis h = new Hysteresis(5, 2);
    assertThat(h.observe(true, true)).isEqualTo(OPEN);
  }

  @Test
  void clearsAfterClearAfterNormalObservationsInARow() {
    Hysteresis h = new Hysteresis(1, 3);
    assertThat(feed(h, true, false, false, false, false)).containsExactly(OPEN, NONE, NONE, CLEAR, NONE);
    assertThat(h.isOpen()).isFalse();
    assertThat(h.isIdle()).isTrue();
  }

  @Test
  void doesNotFlapWhenObservationsAlternate() {
    Hysteresis closed = new Hysteresis(2, 2);
    assertThat(feed(closed, true, false, true, false, true, false)).containsOnly(NONE);

    Hysteresis open = new Hysteresis(2, 2);
    feed(open, true, true);
    assertThat(feed(open, false, true, false, true, false, true)).doesNotContain(CLEAR, OPEN);
    assertThat(open.isOpen()).isTrue();
  }

  @Test
  void reopensAfterAClearOnlyWithAFreshRun() {
    Hysteresis h = new Hysteresis(2, 1);
    assertThat(feed(h, true, true, false, true, true)).containsExactly(NONE, OPEN, CLEAR, NONE, OPEN);
  }

  @Test
  void resumesAnAlertMarkedOpen() {
    Hysteresis h = new Hysteresis(2, 2);
    h.markOpen();
    assertThat(feed(h, true, false, false)).containsExactly(REPEAT, NONE, CLEAR);
  }

  @Test
  void refusesNonPositiveRunLengths() {
    assertThatThrownBy(() -> new Hysteresis(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hysteresis(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
