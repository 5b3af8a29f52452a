package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveReadingRelayTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LiveReadingRelay relay = new LiveReadingRelay(null, 250_000_000L, now::get);

  @Test
  void sendsAtMostOneNormalReadingPerDeviceInAQuarterSecond() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    now.addAndGet(100_000_000L);
    assertThat(relay.shouldSend("a", false)).isFalse();
    now.addAndGet(150_000_000L);
    assertThat(relay.shouldSend("a", false)).isTrue();
  }

  @Test
  void alwaysSendsAnAnomalousReading() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    assertThat(relay.shouldSend("a", true)).isTrue();
    assertThat(relay.shouldSend("a", true)).isTrue();
  }

  @Test
  void throttlesEachDeviceOnItsOwn() {
    assertThat(relay.shouldSend("a", false)).isTrue();
    assertThat(relay.shouldSend("b", false)).isTrue();
    assertThat(relay.shouldSend("a", false)).isFalse();
  }
}
