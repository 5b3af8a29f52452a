package dev.vigil.bench;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The receiving side of one phase: every reading that arrived (committed, or delivered by the broker)
 * once; how many arrived inside the measurement window (the throughput); and the latency (arrival minus
 * the send time the reading carries) of every reading sent inside the window, whenever it arrives, so a
 * reading that takes long is not left out for arriving late. Called from event loops, read from the
 * bench's thread.
 */
final class Tally {

  private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  /** Vigil's own share of each latency: from ingest taking the message off the socket to the commit. */
  private final Histogram insideMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private final Set<String> seen = new HashSet<>();
  private long windowStartNanos = Long.MAX_VALUE;
  private long windowEndNanos = Long.MAX_VALUE;
  private Instant windowStart = Instant.MAX;
  private Instant windowEnd = Instant.MAX;
  private long all;
  private long inWindow;

  /** From now on, for {@code nanos}, arrivals count. */
  synchronized void openWindow(long nanos) {
    windowStartNanos = System.nanoTime();
    windowEndNanos = windowStartNanos + nanos;
    windowStart = Instant.now();
    windowEnd = windowStart.plusNanos(nanos);
  }

  /** A reading sent at {@code sentAt} arrived now; a second arrival of the same reading is ignored. */
  synchronized void arrived(String deviceId, long seq, Instant sentAt) {
    arrived(deviceId, seq, sentAt, null);
  }

  /** The same, for a reading Vigil took off the broker's connection at {@code receivedAt}. */
  synchronized void arrived(String deviceId, long seq, Instant sentAt, Instant receivedAt) {
    if (!seen.add(deviceId + "/" + seq)) {
      return;
    }
    all++;
    long now = System.nanoTime();
    if (now >= windowStartNanos && now < windowEndNanos) {
      inWindow++;
    }
    if (!sentAt.isBefore(windowStart) && sentAt.isBefore(windowEnd)) {
      long micros = Math.max(0, java.time.Duration.between(sentAt, Instant.now()).toNanos() / 1000);
      latencyMicros.recordValue(Math.min(micros, latencyMicros.getHighestTrackableValue()));
      if (receivedAt != null) {
        long inside = Math.max(0, java.time.Duration.between(receivedAt, Instant.now()).toNanos() / 1000);
        insideMicros.recordValue(Math.min(inside, insideMicros.getHighestTrackableValue()));
      }
    }
  }

  synchronized long all() {
    return all;
  }

  synchronized long inWindow() {
    return inWindow;
  }

  synchronized Histogram latency() {
    return latencyMicros.copy();
  }

  /** Empty unless the arrivals said when Vigil received them. */
  synchronized Histogram latencyInside() {
    return insideMicros.copy();
  }
}
