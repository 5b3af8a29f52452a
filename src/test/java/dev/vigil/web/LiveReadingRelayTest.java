package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveReadingRelayTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Runnable> timers = new ArrayList<>();
  private final List<Long> timerDelays = new ArrayList<>();
  private final List<JsonObject> sent = new ArrayList<>();
  private final LiveReadingRelay relay = new LiveReadingRelay(sent::add, 250_000_000L, now::get,
      (delay, action) -> {
        timerDelays.add(delay);
        timers.add(action);
      });

  @Test
  void sendsAtMostOneNormalReadingPerDeviceInAQuarterSecond() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    now.addAndGet(100_000_000L);
    assertThat(relay.shouldSend("a", false)).isFalse();
    now.addAndGet(150_000_000L);
    assertThat(relay.shouldSend("a", false)).isTrue();
  }

  @Test
  void alwaysSendsAnAnomalousReading() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    assertThat(relay.shouldSend("a", true)).isTrue();
    assertThat(relay.shouldSend("a", true)).isTrue();
  }

  @Test
  void sendsEachMetricsExpectedBandWithTheReading() {
    Instant ts = Instant.parse("2025-06-01T12:00:00Z");
    ScoredReading scored = new ScoredReading(new Reading("a", ts, 4, Map.of("power_w", 512.5), ts), 0.2, false, false, 1,
        List.of(), Map.of("power_w", new ScoredReading.Range(470.5, 530.0)));

    JsonObject live = LiveReadingRelay.toJson(scored);

    assertThat(live.getString("deviceId")).isEqualTo("a");
    assertThat(live.getJsonObject("metrics").getDouble("power_w")).isEqualTo(512.5);
    assertThat(live.getJsonObject("expected")).isEqualTo(new JsonObject()
        .put("power_w", new JsonObject().put("low", 470.5).put("high", 530.0)));
  }

  @Test
  void sendsAnEmptyBandWhileTheDetectorWarmsUp() {
    Instant ts = Instant.parse("2025-06-01T12:00:00Z");
    JsonObject live = LiveReadingRelay.toJson(ScoredReading.warmingUp(new Reading("a", ts, 0, Map.of("t", 1.0), ts)));
    assertThat(live.getJsonObject("expected")).isEmpty();
  }

  @Test
  void sendsTheLatestThrottledReadingWhenTheGapEnds() {
    relay.accept(normal("a", 1, 10.0));
    now.addAndGet(100_000_000L);
    relay.accept(normal("a", 2, 11.0));
    relay.accept(normal("a", 3, 12.0));
    assertThat(sent).extracting(f -> f.getJsonObject("metrics").getDouble("t")).containsExactly(10.0);
    assertThat(timerDelays).as("one timer for the rest of the gap").containsExactly(150_000_000L);

    now.addAndGet(150_000_000L);
    timers.get(0).run();

    assertThat(sent).extracting(f -> f.getJsonObject("metrics").getDouble("t")).containsExactly(10.0, 12.0);
  }

  @Test
  void aReadingSentInTheMeantimeCancelsTheHeldOne() {
    relay.accept(normal("a", 1, 10.0));
    relay.accept(normal("a", 2, 11.0));
    now.addAndGet(300_000_000L);
    relay.accept(normal("a", 3, 12.0));
    timers.get(0).run();

    assertThat(sent).extracting(f -> f.getJsonObject("metrics").getDouble("t")).containsExactly(10.0, 12.0);
  }

  private static ScoredReading normal(String deviceId, long seq, double t) {
    Instant ts = Instant.parse("2025-06-01T12:00:00Z").plusSeconds(seq);
    return new ScoredReading(new Reading(deviceId, ts, seq, Map.of("t", t), ts), 0.1, false, false, 1, List.of(),
        Map.of());
  }

  @Test
  void throttlesEachDeviceOnItsOwn() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    assertThat(relay.shouldSend("b", false)).isTrue();
    assertThat(relay.shouldSend("a", false)).isFalse();
  }
}
