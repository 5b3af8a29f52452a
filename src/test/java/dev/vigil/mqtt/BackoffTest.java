package dev.vigil.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesEachStepWithinHalfAndAllOfIt() {
    Backoff backoff = new Backoff(100, 100_000);
    for (long step = 100; step <= 1600; step *= 2) {
      assertThat(backoff.nextDelayMs()).isBetween(step / 2, step);
    }
    assertThat(backoff.attempts()).isEqualTo(5);
  }

  @Test
  void settlesBetweenHalfAndAllOfTheCeiling() {
    Backoff backoff = new Backoff(250, 10_000);
    for (int i = 0; i < 6; i++) {
      backoff.nextDelayMs(); // 250 doubled six times passes the ceiling
    }
    for (int i = 0; i < 200; i++) {
      assertThat(backoff.nextDelayMs()).isBetween(5_000L, 10_000L);
    }
  }

  @Test
  void startsAgainFromTheFirstStepAfterReset() {
    Backoff backoff = new Backoff(200, 10_000);
    for (int i = 0; i < 8; i++) {
      backoff.nextDelayMs();
    }
    backoff.reset();
    assertThat(backoff.attempts()).isZero();
    assertThat(backoff.nextDelayMs()).isBetween(100L, 200L);
  }

  @Test
  void refusesACeilingBelowTheFirstStep() {
    assertThatThrownBy(() -> new Backoff(500, 100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(0, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
