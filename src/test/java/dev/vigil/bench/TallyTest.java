package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TallyTest {

  private static final long BASE = 3_000_000_000L;

  @Test
  void countsEachReadingOfADeviceOnceHoweverOftenItArrives() {
    Tally tally = new Tally(BASE);
    Instant sent = Instant.now();

    tally.arrived("d-1", BASE, sent);
    tally.arrived("d-1", BASE + 1, sent);
    tally.arrived("d-1", BASE, sent);
    tally.arrived("d-1", BASE + 1, sent);

    assertThat(tally.all()).isEqualTo(2);
  }

  @Test
  void keepsTheSameSequenceNumberOfTwoDevicesApart() {
    Tally tally = new Tally(BASE);
    Instant sent = Instant.now();

    tally.arrived("d-1", BASE + 7, sent);
    tally.arrived("d-2", BASE + 7, sent);

    assertThat(tally.all()).isEqualTo(2);
  }

  @Test
  void ignoresReadingsNumberedOutsideItsPhase() {
    Tally tally = new Tally(BASE);
    Instant sent = Instant.now();

    tally.arrived("d-1", BASE - 1, sent);
    tally.arrived("d-1", BASE + Integer.MAX_VALUE, sent);

    assertThat(tally.all()).isZero();
  }

  @Test
  void measuresLatencyOnlyOfReadingsSentInsideTheWindow() {
    Tally tally = new Tally(BASE);
    Instant before = Instant.now().minusSeconds(60);
    tally.openWindow(60_000_000_000L);

    tally.arrived("d-1", BASE, before);
    tally.arrived("d-1", BASE + 1, Instant.now(), Instant.now());

    assertThat(tally.all()).isEqualTo(2);
    assertThat(tally.inWindow()).isEqualTo(2);
    assertThat(tally.latency().getTotalCount()).isEqualTo(1);
    assertThat(tally.latencyInside().getTotalCount()).isEqualTo(1);
  }

  @Test
  void placesEachLatencyInTheQuarterSecondOfItsSendTime() {
    Tally tally = new Tally(BASE);
    tally.openWindow(60_000_000_000L);
    Instant start = Instant.parse(tally.timeline().toJson().getString("start"));

    tally.arrived("d-1", BASE, start.plusMillis(600));
    tally.arrived("d-1", BASE + 1, start.minusSeconds(1));

    JsonArray worst = tally.timeline().toJson().getJsonArray("worst_ms");
    assertThat(worst.size()).isEqualTo(240);
    assertThat(worst.getValue(2)).isNotNull();
    assertThat(worst.stream().filter(w -> w != null).count()).isEqualTo(1);
  }
}
