package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(5), 30);

  @Test
  void theWaitDoublesAfterEachFailedAttempt() {
    assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.delayAfter(6)).isEqualTo(Duration.ofSeconds(160));
  }

  @Test
  void theWaitNeverExceedsTheLongest() {
    assertThat(schedule.delayAfter(7)).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.delayAfter(29)).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aDeliveryIsGivenUpOnlyAfterItsLastAttempt() {
    assertThat(schedule.exhausted(29)).isFalse();
    assertThat(schedule.exhausted(30)).isTrue();
  }
}
