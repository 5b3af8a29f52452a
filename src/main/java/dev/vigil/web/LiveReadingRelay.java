package dev.vigil.web;

import dev.vigil.bus.Addresses;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns stored readings into compact live JSON for dashboards, {@code {deviceId, ts, metrics, score,
 * anomalous, expected}} on {@link Addresses#LIVE_READINGS} ({@code expected}: per metric the band
 * {@code {low, high}} the model expected, the same shape the readings API returns; {@code {}} while the
 * detector warms up), at most one per device per {@code minGapNanos}
 * (a chart cannot show more, and a chatty device must not flood every browser). Anomalous readings
 * always pass: a browser must never miss the red dot. Runs on one event loop: no locking.
 */
final class LiveReadingRelay {

  /** 250 ms: at most 4 readings per second per device. */
  static final long DEFAULT_MIN_GAP_NANOS = 250_000_000L;

  private final EventBus bus;
  private final long minGapNanos;
  private final LongSupplier clock;
  private final Map<String, Long> lastSent = new HashMap<>();

  LiveReadingRelay(EventBus bus, long minGapNanos, LongSupplier clock) {
    this.bus = bus;
    this.minGapNanos = minGapNanos;
    this.clock = clock;
  }

  LiveReadingRelay(EventBus bus) {
    this(bus, DEFAULT_MIN_GAP_NANOS, System::nanoTime);
  }

  void accept(ScoredReading scored) {
    if (shouldSend(scored.reading().deviceId(), scored.anomalous())) {
      bus.publish(Addresses.LIVE_READINGS, toJson(scored));
    }
  }

  /** Whether a reading of {@code deviceId} goes out now; records it when it does. */
  boolean shouldSend(String deviceId, boolean anomalous) {
    long now = clock.getAsLong();
    Long last = lastSent.get(deviceId);
    if (!anomalous && last != null && now - last < minGapNanos) {
      return false;
    }
    lastSent.put(deviceId, now);
    return true;
  }

  static JsonObject toJson(ScoredReading scored) {
    JsonObject metrics = new JsonObject();
    scored.reading().metrics().forEach(metrics::put);
    return new JsonObject()
        .put("deviceId", scored.reading().deviceId())
        .put("ts", scored.reading().ts().toString())
        .put("metrics", metrics)
        .put("score", scored.score())
        .put("anomalous", scored.anomalous())
        .put("expected", scored.expectedJson());
  }
}
