package dev.vigil.bench;

import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The receiving side of one phase: every reading that arrived (committed, or delivered by the broker)
 * once; how many arrived inside the measurement window (the throughput); and the latency (arrival minus
 * the send time the reading carries) of every reading sent inside the window, whenever it arrives, so a
 * reading that takes long is not left out for arriving late. Called from event loops, read from the
 * bench's thread.
 *
 * <p>It runs on Vigil's event loops beside what it measures, so it keeps the arrivals as one bit per reading
 * per device, counted from the phase's first sequence number: a set of "device/seq" strings cost Vigil's JVM
 * about 4% of its samples in a profile of a flat-out phase (a string built, hashed and kept per reading).
 */
final class Tally {

  private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  /** Vigil's own share of each latency: from ingest taking the message off the socket to the commit. */
  private final Histogram insideMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private LatencyTimeline timeline = LatencyTimeline.none();
  private final Map<String, BitSet> seen = new HashMap<>();
  private final long seqBase;
  private long windowStartNanos = Long.MAX_VALUE;
  private long windowEndNanos = Long.MAX_VALUE;
  private Instant windowStart = Instant.MAX;
  private Instant windowEnd = Instant.MAX;
  private long all;
  private long inWindow;

  /** Arrivals of the phase whose readings are numbered from {@code seqBase}; others are not its own. */
  Tally(long seqBase) {
    this.seqBase = seqBase;
  }

  /** From now on, for {@code nanos}, arrivals count. */
  synchronized void openWindow(long nanos) {
    windowStartNanos = System.nanoTime();
    windowEndNanos = windowStartNanos + nanos;
    windowStart = Instant.now();
    windowEnd = windowStart.plusNanos(nanos);
    timeline = LatencyTimeline.of(windowStart, java.time.Duration.ofNanos(nanos));
  }

  /** A reading sent at {@code sentAt} arrived now; a second arrival of the same reading is ignored. */
  synchronized void arrived(String deviceId, long seq, Instant sentAt) {
    arrived(deviceId, seq, sentAt, null);
  }

  /** The same, for a reading Vigil took off the broker's connection at {@code receivedAt}. */
  synchronized void arrived(String deviceId, long seq, Instant sentAt, Instant receivedAt) {
    if (!firstArrival(deviceId, seq)) {
      return;
    }
    all++;
    long now = System.nanoTime();
    if (now >= windowStartNanos && now < windowEndNanos) {
      inWindow++;
    }
    if (!sentAt.isBefore(windowStart) && sentAt.isBefore(windowEnd)) {
      Instant arrival = Instant.now();
      timeline.record(sentAt, record(latencyMicros, sentAt, arrival));
      if (receivedAt != null) {
        record(insideMicros, receivedAt, arrival);
      }
    }
  }

  /** False for a reading seen before, and for one numbered outside this phase. */
  private boolean firstArrival(String deviceId, long seq) {
    long index = seq - seqBase;
    if (index < 0 || index >= Integer.MAX_VALUE) {
      return false;
    }
    BitSet arrivals = seen.computeIfAbsent(deviceId, d -> new BitSet());
    if (arrivals.get((int) index)) {
      return false;
    }
    arrivals.set((int) index);
    return true;
  }

  private static long record(Histogram histogram, Instant from, Instant to) {
    long micros = Math.max(0, java.time.Duration.between(from, to).toNanos() / 1000);
    histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
    return micros;
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

  /** The worst latency of each quarter-second of the window; empty before the window opens. */
  synchronized LatencyTimeline timeline() {
    return timeline.copy();
  }

  /** Empty unless the arrivals said when Vigil received them. */
  synchronized Histogram latencyInside() {
    return insideMicros.copy();
  }
}
