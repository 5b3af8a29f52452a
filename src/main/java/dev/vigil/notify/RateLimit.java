package dev.vigil.notify;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * At most {@code max} deliveries per channel in any {@code window}. Over it, a delivery is held until
 * the oldest send in the window leaves it (held, never dropped). Counted from the delivery log, so
 * it holds for the whole cluster.
 */
public record RateLimit(int max, Duration window) {

  static final int MAX_WINDOW_S = 86_400;

  /**
   * When the next delivery may go, given the send times of the channel's deliveries within the last
   * window ({@code recent}, any order): {@code now} while fewer than {@code max}, else when the
   * {@code max}-th newest of them leaves the window.
   */
  public Instant nextSlot(List<Instant> recent, Instant now) {
    List<Instant> inWindow = recent.stream().filter(t -> t.isAfter(now.minus(window))).sorted().toList();
    if (inWindow.size() < max) {
      return now;
    }
    return inWindow.get(inWindow.size() - max).plus(window);
  }

  /** Parses {@code {"max": 10, "perSeconds": 3600}}; null: no limit. */
  static RateLimit fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    int max = Fields.integer(json, "rateLimit.max", "max", 1, 10_000);
    int seconds = Fields.integer(json, "rateLimit.perSeconds", "perSeconds", 1, MAX_WINDOW_S);
    return new RateLimit(max, Duration.ofSeconds(seconds));
  }

  JsonObject toJson() {
    return new JsonObject().put("max", max).put("perSeconds", window.toSeconds());
  }
}
