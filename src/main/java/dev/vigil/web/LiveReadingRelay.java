package dev.vigil.web;

import dev.vigil.bus.Addresses;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.StoredValues;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns stored readings into compact live JSON for dashboards, {@code {deviceId, ts, metrics, score,
 * anomalous, expected}} on {@link Addresses#LIVE_READINGS} ({@code expected}: per metric the band
 * {@code {low, high}} the model expected, the same shape the readings API returns; {@code {}} while the
 * detector warms up), at most one per device per {@code minGapNanos}
 * (a chart cannot show more, and a chatty device must not flood every browser). Anomalous readings
 * always pass: a browser must never miss the red dot. A normal reading that arrives inside the gap is
 * not dropped but kept as the device's latest, and sent when the gap ends unless a newer one replaced
 * it: the last reading of a burst always reaches the dashboards, which would otherwise show a stale
 * value until the device speaks again. Runs on one event loop: no locking.
 */
final class LiveReadingRelay {

  /** 250 ms: at most 4 readings per second per device. */
  static final long DEFAULT_MIN_GAP_NANOS = 250_000_000L;

  private final Consumer<JsonObject> out;
  private final long minGapNanos;
  private final LongSupplier clock;
  private final Timers timers;
  private final Map<String, Long> lastSent = new HashMap<>();
  /** The latest throttled reading per device, waiting for the end of its gap. */
  private final Map<String, ScoredReading> held = new HashMap<>();

  /** Runs an action after a delay on the relay's event loop (Vert.x timers in the server). */
  @FunctionalInterface
  interface Timers {
    void after(long delayNanos, Runnable action);
  }

  LiveReadingRelay(Consumer<JsonObject> out, long minGapNanos, LongSupplier clock, Timers timers) {
    this.out = out;
    this.minGapNanos = minGapNanos;
    this.clock = clock;
    this.timers = timers;
  }

  LiveReadingRelay(Vertx vertx) {
    this(json -> vertx.eventBus().publish(Addresses.LIVE_READINGS, json), DEFAULT_MIN_GAP_NANOS, System::nanoTime,
        (delayNanos, action) -> vertx.setTimer(Math.max(1, delayNanos / 1_000_000), id -> action.run()));
  }

  void accept(ScoredReading scored) {
    String deviceId = scored.reading().deviceId();
    if (shouldSend(deviceId, scored.anomalous())) {
      held.remove(deviceId);
      out.accept(toJson(scored));
    } else if (held.put(deviceId, scored) == null) {
      timers.after(minGapNanos - (clock.getAsLong() - lastSent.get(deviceId)), () -> sendHeld(deviceId));
    }
  }

  private void sendHeld(String deviceId) {
    ScoredReading latest = held.remove(deviceId);
    if (latest != null) {
      lastSent.put(deviceId, clock.getAsLong());
      out.accept(toJson(latest));
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
        .put("expected", StoredValues.expectedAsStored(scored));
  }
}
