package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveReadingRelayTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LiveReadingRelay relay = new LiveReadingRelay(null, 250_000_000L, now::get);

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
  void throttlesEachDeviceOnItsOwn() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    assertThat(relay.shouldSend("b", false)).isTrue();
    assertThat(relay.shouldSend("a", false)).isFalse();
  }
}
