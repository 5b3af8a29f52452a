package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class IntakeValveTest {

  private final Counter pauses = new SimpleMeterRegistry().counter("pauses");
  private final IntakeValve valve = new IntakeValve(100, pauses);

  @Test
  void closesWhenTheHighMarkIsReachedAndOpensAtHalfOfIt() {
    valve.taken(99);
    assertThat(valve.closed()).isFalse();

    valve.taken(1);
    assertThat(valve.closed()).isTrue();

    valve.settled(49);
    assertThat(valve.closed()).as("51 in flight").isTrue();

    valve.settled(1);
    assertThat(valve.closed()).as("50 in flight").isFalse();
    assertThat(pauses.count()).isEqualTo(1);
  }

  @Test
  void countsReadingsNotMessages() {
    valve.taken(60);
    valve.taken(60);

    assertThat(valve.inFlight()).isEqualTo(120);
    assertThat(valve.closed()).isTrue();
  }

  @Test
  void countsEachClosingOnce() {
    valve.taken(100);
    valve.taken(10);
    valve.settled(110);
    valve.taken(100);

    assertThat(pauses.count()).isEqualTo(2);
  }

  @Test
  void refusesAHighMarkWithNoRoomForALowOne() {
    assertThatThrownBy(() -> new IntakeValve(1, pauses)).isInstanceOf(IllegalArgumentException.class);
  }
}
