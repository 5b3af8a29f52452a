package dev.vigil.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for one round of claimed deliveries, which may go now and which wait: a channel's quiet
 * hours hold a delivery until they end, its rate limit until a slot frees. A delivery let through
 * counts against the limit of the deliveries after it in the same round. Pure: the clock and the
 * recent sends are given.
 */
final class Gate {

  static final String QUIET_HOURS = "quiet hours";
  static final String RATE_LIMIT = "rate limit";

  /** Why and until when a delivery waits. */
  record Hold(String reason, Instant until) {
  }

  private final Map<Long, List<Instant>> recentSends;

  /** {@code recentSends}: per channel id, when its deliveries of the last rate window were sent. */
  Gate(Map<Long, List<Instant>> recentSends) {
    this.recentSends = new HashMap<>();
    recentSends.forEach((id, times) -> this.recentSends.put(id, new ArrayList<>(times)));
  }

  /** Empty: send it now (and count it); else hold it. */
  Optional<Hold> check(Delivery delivery, Instant now) {
    Channel channel = delivery.channel();
    if (channel.quietHours() != null && !Transition.TEST.equals(delivery.transition().event())) {
      Optional<Instant> end = channel.quietHours().heldUntil(now, delivery.transition().severity());
      if (end.isPresent()) {
        return Optional.of(new Hold(QUIET_HOURS, end.get()));
      }
    }
    List<Instant> sent = recentSends.computeIfAbsent(channel.id(), id -> new ArrayList<>());
    if (channel.rateLimit() != null) {
      Instant slot = channel.rateLimit().nextSlot(sent, now);
      if (slot.isAfter(now)) {
        return Optional.of(new Hold(RATE_LIMIT, slot));
      }
    }
    sent.add(now);
    return Optional.empty();
  }
}
