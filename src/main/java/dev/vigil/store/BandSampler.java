package dev.vigil.store;

import dev.vigil.scoring.ScoredReading;
import java.util.HashMap;
import java.util.Map;

/**
 * Which readings keep their expected band in their recent row: at most one per {@code everyMillis} of a device's
 * own time, and every anomalous one. Above about one reading a second the band is a third of a row at 3 metrics
 * and 40% at 30 (two float4 per metric), yet it is a long-term mean plus or minus three long-term deviations that
 * moves little within a second: the chart draws it between the kept readings ({@code chart.js}, {@code bandRun}),
 * the live push still carries every reading's band, and a minute's rollup averages the kept ones. Used on the
 * store's event loop only.
 */
final class BandSampler {

  /** Once a second: a chart of the last 15 minutes still has 900 band points per device. */
  static final long DEFAULT_EVERY_MILLIS = 1000;

  private final long everyMillis;
  /** Device key to the device time (epoch ms) of its last kept band; forgotten when full, like {@link StorageKeys}. */
  private final Map<Integer, Long> lastKept = new HashMap<>();

  /** @param everyMillis 0: every reading keeps its band */
  BandSampler(long everyMillis) {
    if (everyMillis < 0) {
      throw new IllegalArgumentException("a band interval is 0 (every reading) or positive, was " + everyMillis);
    }
    this.everyMillis = everyMillis;
  }

  /**
   * Whether this reading's row keeps its band; false when it has none (warming up). A reading at the very time
   * of the last kept band keeps it too, so a batch written again after a failure keeps the same bands.
   */
  boolean keeps(int device, ScoredReading scored) {
    if (scored.expected().isEmpty()) {
      return false;
    }
    if (everyMillis == 0 || scored.anomalous()) {
      return true;
    }
    long at = scored.reading().ts().toEpochMilli();
    Long last = lastKept.get(device);
    if (last != null && at != last && Math.abs(at - last) < everyMillis) {
      return false;
    }
    if (last == null && lastKept.size() >= StorageKeys.MAX_CACHED) {
      lastKept.clear();
    }
    lastKept.put(device, at);
    return true;
  }
}
