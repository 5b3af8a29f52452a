package dev.vigil.scoring.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftAlarmTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);

  /** A daily cycle (amplitude 10 around 50) with noise, minute by minute, plus {@code shift} from minute {@code from}. */
  private static List<DriftAlarm.Event> run(int minutes, int from, double shift) {
    DriftAlarm alarm = new DriftAlarm("d", List.of("t"));
    Random random = new Random(5);
    List<DriftAlarm.Event> events = new ArrayList<>();
    for (int i = 0; i < minutes; i++) {
      double value = 50 + 10 * Math.sin(2 * Math.PI * i / 1440.0) + random.nextGaussian() + (i >= from ? shift : 0);
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}, true));
    }
    return events;
  }

  @Test
  void aDailyCycleIsNeverDrift() {
    assertThat(run(21 * 1440, Integer.MAX_VALUE, 0)).isEmpty();
  }

  @Test
  void aLevelShiftBeyondTheNormalRangeOpensOneDriftThatUpdatesWhileItLasts() {
    int from = 10 * 1440;
    List<DriftAlarm.Event> events = run(from + 600, from, 15);
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).change()).isEqualTo(DriftAlarm.Change.OPEN);
    assertThat(events.stream().filter(e -> e.change() == DriftAlarm.Change.OPEN)).hasSize(1);
    assertThat(events.subList(1, events.size())).allMatch(e -> e.change() == DriftAlarm.Change.UPDATE);
    assertThat(events.get(0).since()).isAfterOrEqualTo(T0.plus(STEP.multipliedBy(from)));
    assertThat(events.get(0).mean()).isGreaterThan(events.get(0).high());
  }

  @Test
  void clearsWhenTheMetricComesBackAndSeverityFollowsTheDistance() {
    DriftAlarm alarm = new DriftAlarm("d", List.of("t"));
    List<DriftAlarm.Event> events = new ArrayList<>();
    for (int i = 0; i < 11 * 1440; i++) {
      double value = 50 + 10 * Math.sin(2 * Math.PI * i / 1440.0);
      if (i >= 10 * 1440 && i < 10 * 1440 + 180) {
        value = 100; // two range widths above [40, 60]
      }
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}, true));
    }
    assertThat(events.get(0).change()).isEqualTo(DriftAlarm.Change.OPEN);
    assertThat(events.get(0).severity()).isEqualTo(DriftSeverity.HIGH);
    assertThat(events.get(events.size() - 1).change()).isEqualTo(DriftAlarm.Change.CLEAR);
    assertThat(events.stream().filter(e -> e.change() == DriftAlarm.Change.OPEN)).hasSize(1);
  }

  @Test
  void judgesNothingBeforeAWeeksHistoryCoversTheWeeklyCycle() {
    assertThat(run(8 * 1440 - 60, 600, 100)).isEmpty();
  }

  @Test
  void aBusierWeekendIsNotDriftOnceAWeekOfHistoryKnowsIt() {
    DriftAlarm alarm = new DriftAlarm("d", List.of("t"));
    Random random = new Random(9);
    List<DriftAlarm.Event> events = new ArrayList<>();
    for (int i = 0; i < 28 * 1440; i++) {
      boolean weekend = (i / 1440) % 7 >= 5;
      double value = 50 + 10 * (weekend ? 1.5 : 1.0) * Math.sin(2 * Math.PI * i / 1440.0) + random.nextGaussian();
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}, true));
    }
    assertThat(events).isEmpty();
  }
}
