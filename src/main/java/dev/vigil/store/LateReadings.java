package dev.vigil.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per device, the time range of stored readings that the rollup's regular pass will not see: their
 * timestamp was already older than the lookback when they were stored. Bounded: at most
 * {@link #MAX_DEVICES} devices wait at once (a further one widens nothing and is rolled up by the next
 * pass that has room; its readings are still stored). Used on one event loop only.
 */
final class LateReadings {

  static final int MAX_DEVICES = 10_000;

  record Range(Instant from, Instant to) {
    Range widen(Range other) {
      return new Range(from.isBefore(other.from) ? from : other.from, to.isAfter(other.to) ? to : other.to);
    }
  }

  private final Duration lookback;
  private Map<String, Range> waiting = new HashMap<>();

  LateReadings(Duration lookback) {
    // A reading a little inside the lookback may still be missed by a pass that started before it was stored.
    this.lookback = lookback.minus(lookback.dividedBy(5));
  }

  /** Notes a stored reading of {@code deviceId} at {@code ts} if it is late at {@code now}. */
  void note(String deviceId, Instant ts, Instant now) {
    if (ts.isBefore(now.minus(lookback))) {
      noteRange(deviceId, new Range(ts, ts));
    }
  }

  void noteRange(String deviceId, Range range) {
    Range known = waiting.get(deviceId);
    if (known != null) {
      waiting.put(deviceId, known.widen(range));
    } else if (waiting.size() < MAX_DEVICES) {
      waiting.put(deviceId, range);
    }
  }

  /** The ranges noted so far; starts a new, empty note. */
  Map<String, Range> drain() {
    Map<String, Range> out = waiting;
    waiting = new HashMap<>();
    return out;
  }
}
