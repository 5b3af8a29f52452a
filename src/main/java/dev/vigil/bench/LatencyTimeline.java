package dev.vigil.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The worst latency of each quarter-second of a measurement window, by send time. A p99 says how bad the
 * tail is, not when: a stall of a second or two puts a window's p99 far above its median, and only its
 * time, lined up with the database's log or a GC log, says what caused it. {@link BenchReport} prints it
 * from its JSON. Not thread-safe: {@link Tally} guards it.
 */
final class LatencyTimeline {

  static final Duration SLICE = Duration.ofMillis(250);
  /** The longest stretch kept: an open-ended phase (the fleet's) opens a window of centuries. */
  static final Duration LONGEST = Duration.ofHours(1);

  private final Instant start;
  private final long[] worstMicros;

  private LatencyTimeline(Instant start, long[] worstMicros) {
    this.start = start;
    this.worstMicros = worstMicros;
  }

  /** A window of {@code length} from {@code start} (its first {@link #LONGEST} kept), nothing recorded yet. */
  static LatencyTimeline of(Instant start, Duration length) {
    Duration kept = length.compareTo(LONGEST) > 0 ? LONGEST : length;
    int slices = (int) Math.max(1, (kept.toNanos() + SLICE.toNanos() - 1) / SLICE.toNanos());
    long[] worst = new long[slices];
    Arrays.fill(worst, -1);
    return new LatencyTimeline(start, worst);
  }

  /** No window: what a phase without latency (PostgreSQL alone) has. */
  static LatencyTimeline none() {
    return new LatencyTimeline(Instant.EPOCH, new long[0]);
  }

  /** A reading sent at {@code sentAt} took {@code micros}; one sent outside the window is not recorded. */
  void record(Instant sentAt, long micros) {
    long index = Duration.between(start, sentAt).toNanos() / SLICE.toNanos();
    if (!sentAt.isBefore(start) && index < worstMicros.length) {
      worstMicros[(int) index] = Math.max(worstMicros[(int) index], micros);
    }
  }

  LatencyTimeline copy() {
    return new LatencyTimeline(start, worstMicros.clone());
  }

  boolean isEmpty() {
    return Arrays.stream(worstMicros).allMatch(w -> w < 0);
  }

  /** {@code worst_ms} holds null for a quarter-second none of whose readings arrived. */
  JsonObject toJson() {
    JsonArray worst = new JsonArray();
    for (long w : worstMicros) {
      if (w < 0) {
        worst.addNull();
      } else {
        worst.add(w / 1000.0);
      }
    }
    return new JsonObject().put("start", start.toString()).put("slice_ms", SLICE.toMillis())
        .put("worst_ms", worst);
  }
}
