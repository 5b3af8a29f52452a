package dev.vigil.mqtt;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next reconnect attempt: doubling from a first delay up to a ceiling,
 * each delay drawn between half and all of the current step so that a fleet that lost the same
 * broker does not come back in one stampede. Not thread-safe; one per connection, used on its context.
 */
public final class Backoff {

  private final long firstMs;
  private final long maxMs;
  private int attempts;

  public Backoff(long firstMs, long maxMs) {
    if (firstMs <= 0 || maxMs < firstMs) {
      throw new IllegalArgumentException("need 0 < first <= max, got first " + firstMs + " ms, max " + maxMs + " ms");
    }
    this.firstMs = firstMs;
    this.maxMs = maxMs;
  }

  /** The delay before the next attempt; each call counts one attempt. */
  public long nextDelayMs() {
    long step = Math.min(maxMs, firstMs << Math.min(attempts, 30));
    attempts++;
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  /** Attempts since the last {@link #reset()}. */
  public int attempts() {
    return attempts;
  }

  /** The connection is back: the next loss starts again from the first delay. */
  public void reset() {
    attempts = 0;
  }
}
