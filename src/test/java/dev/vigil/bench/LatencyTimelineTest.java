package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyTimelineTest {

  private static final Instant START = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void keepsTheWorstLatencyOfEachQuarterSecond() {
    LatencyTimeline timeline = LatencyTimeline.of(START, Duration.ofSeconds(1));

    timeline.record(START.plusMillis(10), 3_000);
    timeline.record(START.plusMillis(240), 9_000);
    timeline.record(START.plusMillis(200), 4_000);
    timeline.record(START.plusMillis(750), 120_000);

    JsonArray worst = timeline.toJson().getJsonArray("worst_ms");
    assertThat(worst.getList()).containsExactly(9.0, null, null, 120.0);
  }

  @Test
  void ignoresReadingsSentOutsideTheWindow() {
    LatencyTimeline timeline = LatencyTimeline.of(START, Duration.ofMillis(500));

    timeline.record(START.minusMillis(1), 5_000);
    timeline.record(START.plusMillis(500), 5_000);

    assertThat(timeline.isEmpty()).isTrue();
    assertThat(timeline.toJson().getJsonArray("worst_ms").size()).isEqualTo(2);
  }

  @Test
  void aCopyDoesNotSeeLaterRecords() {
    LatencyTimeline timeline = LatencyTimeline.of(START, Duration.ofSeconds(1));
    LatencyTimeline copy = timeline.copy();

    timeline.record(START, 1_000);

    assertThat(copy.isEmpty()).isTrue();
    assertThat(timeline.isEmpty()).isFalse();
  }

  @Test
  void keepsTheFirstHourOfAnOpenEndedWindow() {
    LatencyTimeline timeline = LatencyTimeline.of(START, Duration.ofNanos(Long.MAX_VALUE / 2));

    timeline.record(START.plus(Duration.ofHours(2)), 1_000);

    assertThat(timeline.toJson().getJsonArray("worst_ms").size()).isEqualTo(4 * 3600);
    assertThat(timeline.isEmpty()).isTrue();
  }
}
