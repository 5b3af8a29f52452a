package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LateReadingsTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void notesOnlyReadingsTheRegularPassWillNotSeeAndWidensEachDevicesRange() {
    LateReadings late = new LateReadings(Duration.ofMinutes(5));
    late.note("recent", NOW.minusSeconds(30), NOW);
    late.note("nab", Instant.parse("2014-04-10T10:00:00Z"), NOW);
    late.note("nab", Instant.parse("2014-04-10T12:00:00Z"), NOW);
    late.note("nab", Instant.parse("2014-04-10T11:00:00Z"), NOW);

    Map<String, LateReadings.Range> drained = late.drain();
    assertThat(drained).containsOnlyKeys("nab");
    assertThat(drained.get("nab")).isEqualTo(new LateReadings.Range(Instant.parse("2014-04-10T10:00:00Z"),
        Instant.parse("2014-04-10T12:00:00Z")));
    assertThat(late.drain()).as("a drain starts a new note").isEmpty();
  }

  @Test
  void aReadingNearTheEdgeOfTheLookbackIsNotedInCaseAPassAlreadyStarted() {
    LateReadings late = new LateReadings(Duration.ofMinutes(5));
    late.note("edge", NOW.minus(Duration.ofMinutes(4)).minusSeconds(30), NOW);
    assertThat(late.drain()).containsKey("edge");
  }

  @Test
  void waitsForAtMostMaxDevices() {
    LateReadings late = new LateReadings(Duration.ofMinutes(5));
    for (int i = 0; i <= LateReadings.MAX_DEVICES; i++) {
      late.note("d" + i, NOW.minus(Duration.ofHours(1)), NOW);
    }
    assertThat(late.drain()).hasSize(LateReadings.MAX_DEVICES);
  }
}
