package dev.vigil.notify;

import java.time.Duration;

/**
 * Retries of a failed delivery with exponential backoff: the n-th failed attempt waits
 * {@code first * 2^(n-1)}, at most {@code longest}; after {@code attempts} attempts the delivery is
 * given up (state failed, visible in the delivery log).
 */
public record RetrySchedule(Duration first, Duration longest, int attempts) {

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  public Duration delayAfter(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 40));
    long millis = first.toMillis();
    for (int i = 0; i < doublings && millis < longest.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, longest.toMillis()));
  }

  /** True when {@code attemptsMade} failed attempts are all a delivery gets. */
  public boolean exhausted(int attemptsMade) {
    return attemptsMade >= attempts;
  }
}
