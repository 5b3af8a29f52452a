package dev.vigil.ingest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides when a refused message is worth a log line: the first of each device and reason, then at
 * most one per {@link #PERIOD_NANOS} for that pair, carrying how many were refused in between. A
 * device stuck sending {@code {"temp": "21"}} every second writes one line a minute, not 60. Memory is
 * bounded: at most {@link #MAX_PAIRS} pairs are remembered (the oldest forgotten first). One event loop.
 */
final class RejectionLog {

  static final long PERIOD_NANOS = 60_000_000_000L;
  static final int MAX_PAIRS = 10_000;

  /** A line to write: the rejection and how many of the same pair went unlogged since the last line. */
  record Line(String deviceId, Rejection.Reason reason, long suppressed) {
  }

  private static final class Pair {
    long lastLoggedAt;
    long suppressed;
  }

  private final LongSupplier nanoTime;
  private final Map<String, Pair> pairs = new LinkedHashMap<>(16, 0.75f, true);

  RejectionLog(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  RejectionLog() {
    this(System::nanoTime);
  }

  /** The line to log for this refusal, or null when one was logged for the pair less than a period ago. */
  Line refused(String deviceId, Rejection.Reason reason) {
    long now = nanoTime.getAsLong();
    String key = deviceId + '\u0000' + reason.code();
    Pair pair = pairs.get(key);
    if (pair != null && now - pair.lastLoggedAt < PERIOD_NANOS) {
      pair.suppressed++;
      return null;
    }
    if (pair == null) {
      pair = new Pair();
      pairs.put(key, pair);
      forgetOldest();
    }
    Line line = new Line(deviceId, reason, pair.suppressed);
    pair.lastLoggedAt = now;
    pair.suppressed = 0;
    return line;
  }

  private void forgetOldest() {
    Iterator<String> oldest = pairs.keySet().iterator();
    while (pairs.size() > MAX_PAIRS && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
