package dev.vigil.store;

import dev.vigil.ingest.DeadLetter;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which dead letters are kept in full and which are only counted, so that a device flooding
 * garbage costs a bounded number of rows and bounded memory: per device and reason, the first
 * {@code keptPerWindow} letters of each window are kept; the rest are summarised (counted in one row per
 * device, reason and window). At most {@code maxKeys} device-reason pairs are tracked per window (hostile
 * device ids are unbounded); letters beyond that are summarised under the device {@link #ANY_DEVICE}.
 * Not thread-safe: used on the store's event loop.
 */
final class DeadLetterSampler {

  /** The device of a summary that counts letters of devices past the tracking bound. */
  static final String ANY_DEVICE = "*";

  /** Where a summarised letter is counted. */
  record SummaryKey(String deviceId, String reason, long windowStart) {
  }

  private final int keptPerWindow;
  private final int maxKeys;
  private final long windowMs;
  private final Map<SummaryKey, Integer> keptInWindow = new HashMap<>();
  private long windowStart = Long.MIN_VALUE;

  DeadLetterSampler(int keptPerWindow, int maxKeys, long windowMs) {
    this.keptPerWindow = keptPerWindow;
    this.maxKeys = maxKeys;
    this.windowMs = windowMs;
  }

  /** Null when the letter is to be kept in full, else the summary that counts it. */
  SummaryKey summariseAs(DeadLetter letter, long nowMs) {
    long window = nowMs - Math.floorMod(nowMs, windowMs);
    if (window != windowStart) {
      windowStart = window;
      keptInWindow.clear();
    }
    SummaryKey key = new SummaryKey(letter.deviceId(), letter.reason(), window);
    Integer kept = keptInWindow.get(key);
    if (kept == null && keptInWindow.size() >= maxKeys) {
      return new SummaryKey(ANY_DEVICE, letter.reason(), window);
    }
    if (kept != null && kept >= keptPerWindow) {
      return key;
    }
    keptInWindow.put(key, kept == null ? 1 : kept + 1);
    return null;
  }
}
