package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final RateLimit THREE_PER_MINUTE = new RateLimit(3, Duration.ofMinutes(1));

  @Test
  void belowTheLimitADeliveryGoesNow() {
    assertThat(THREE_PER_MINUTE.nextSlot(List.of(NOW.minusSeconds(10), NOW.minusSeconds(5)), NOW)).isEqualTo(NOW);
  }

  @Test
  void atTheLimitItWaitsUntilTheOldestSendLeavesTheWindow() {
    List<Instant> sent = List.of(NOW.minusSeconds(5), NOW.minusSeconds(40), NOW.minusSeconds(20));
    assertThat(THREE_PER_MINUTE.nextSlot(sent, NOW)).isEqualTo(NOW.minusSeconds(40).plusSeconds(60));
  }

  @Test
  void sendsOlderThanTheWindowDoNotCount() {
    List<Instant> sent = List.of(NOW.minusSeconds(61), NOW.minusSeconds(90), NOW.minusSeconds(5), NOW.minusSeconds(6));
    assertThat(THREE_PER_MINUTE.nextSlot(sent, NOW)).isEqualTo(NOW);
  }

  @Test
  void farOverTheLimitTheSlotIsWhenOnlyMaxMinusOneRemainInTheWindow() {
    List<Instant> sent = List.of(NOW.minusSeconds(50), NOW.minusSeconds(40), NOW.minusSeconds(30), NOW.minusSeconds(20),
        NOW.minusSeconds(10));
    // after 40 s old leaves, 3 remain (30, 20, 10): still full; after the 30 s old one leaves, 2 remain
    assertThat(THREE_PER_MINUTE.nextSlot(sent, NOW)).isEqualTo(NOW.minusSeconds(30).plusSeconds(60));
  }
}
