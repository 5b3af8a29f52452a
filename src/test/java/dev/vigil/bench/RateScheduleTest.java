package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void rateScheduleOffersExactlyTheRequestedRate() {
    RateSchedule schedule = new RateSchedule(3000, 20);

    // Slots 0..29,999 fall due in the first 10 s; slot 30,000 at exactly 10 s.
    assertThat(schedule.totalDueBy(10 * SECOND - 1)).isEqualTo(30_000);
    assertThat(schedule.totalDueBy(10 * SECOND)).isEqualTo(30_001);
  }

  @Test
  void offersRatesThatAreNoWholeNumberOfMillisecondsPerDevice() {
    RateSchedule schedule = new RateSchedule(2857.5, 7);

    assertThat(schedule.totalDueBy(60 * SECOND - 1)).isEqualTo(171_450);
  }

  @Test
  void aDeviceIsNotCappedAtOneReadingPerMillisecond() {
    RateSchedule schedule = new RateSchedule(5000, 2);

    assertThat(schedule.dueBy(0, SECOND - 1)).isEqualTo(2500);
    assertThat(schedule.dueBy(1, SECOND - 1)).isEqualTo(2500);
  }

  @Test
  void devicesTakeTurnsSoTheLoadIsEven() {
    RateSchedule schedule = new RateSchedule(100, 4);

    assertThat(schedule.dueNanos(0, 0)).isZero();
    assertThat(schedule.dueNanos(1, 0)).isEqualTo(10_000_000L);
    assertThat(schedule.dueNanos(0, 1)).isEqualTo(40_000_000L);
    assertThat(schedule.dueBy(1, 10_000_000L - 1)).isZero();
    assertThat(schedule.dueBy(1, 10_000_000L)).isEqualTo(1);
  }

  @Test
  void dueByAgreesWithDueNanosAtEveryEdge() {
    RateSchedule schedule = new RateSchedule(333.3, 3);
    for (int d = 0; d < 3; d++) {
      for (long k = 0; k < 500; k++) {
        long due = schedule.dueNanos(d, k);
        assertThat(schedule.dueBy(d, due)).as("device %d reading %d", d, k).isEqualTo(k + 1);
        assertThat(schedule.dueBy(d, due - 1)).as("device %d reading %d", d, k).isEqualTo(k);
      }
    }
  }

  @Test
  void rejectsARateThatIsNotPositive() {
    assertThatThrownBy(() -> new RateSchedule(0, 20)).isInstanceOf(IllegalArgumentException.class);
  }
}
