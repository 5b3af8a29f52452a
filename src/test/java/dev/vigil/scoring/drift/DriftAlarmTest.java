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
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}));
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
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}));
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
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value}));
    }
    assertThat(events).isEmpty();
  }

  /** Minute readings of {@code value(i)} through one alarm. */
  private static List<DriftAlarm.Event> feed(int minutes, java.util.function.IntToDoubleFunction value) {
    DriftAlarm alarm = new DriftAlarm("d", List.of("m"));
    List<DriftAlarm.Event> events = new ArrayList<>();
    for (int i = 0; i < minutes; i++) {
      events.addAll(alarm.observe(T0.plus(STEP.multipliedBy(i)), new double[] {value.applyAsDouble(i)}));
    }
    return events;
  }

  @Test
  void raisesNoDriftAlertOnAConstantMetric() {
    assertThat(feed(21 * 1440, i -> 1012.0)).isEmpty();
  }

  @Test
  void raisesNoDriftAlertOnAConstantMetricWhoseRareBlipsAreOneStepOfItsResolution() {
    // a pressure that reads 1012.00 but for one reading in 97 (1012.01): its bucket means differ in the
    // fifth digit; against a range of width ~0 that was "infinite" drift, against its own step it is nothing
    assertThat(feed(21 * 1440, i -> i % 97 == 0 || (i > 9 * 1440 && i % 11 == 0) ? 1012.01 : 1012.0)).isEmpty();
  }

  @Test
  void aQuantisedMetricThatMovesSeveralStepsAndStaysThereOpensOneHighDrift() {
    int from = 10 * 1440;
    List<DriftAlarm.Event> events = feed(from + 600, i -> i >= from ? 23.0 : i % 60 == 0 ? 20.5 : 20.0);
    assertThat(events).isNotEmpty();
    assertThat(events.stream().filter(e -> e.change() == DriftAlarm.Change.OPEN)).hasSize(1);
    assertThat(events.get(0).severity()).isEqualTo(DriftSeverity.HIGH);
    assertThat(events.get(0).since()).isAfterOrEqualTo(T0.plus(STEP.multipliedBy(from)));
  }

  @Test
  void aMetersShortDailyPeaksAndItsShortFaultsAreNeverDrift() {
    // the simulator's household meter: a flat night, sharp morning and evening peaks, and every few hours
    // a drop to nothing for four minutes (faults the anomaly detector reports): the range is made of all
    // the readings' means, so the peaks are inside it whatever the detector thought of them
    Random random = new Random(3);
    assertThat(feed(21 * 1440, i -> {
      double hour = (i % 1440) / 60.0;
      double peak = Math.max(Math.exp(-0.5 * Math.pow((hour - 7.5) / 1.6, 2)),
          Math.exp(-0.5 * Math.pow((hour - 19.5) / 1.6, 2)));
      boolean dropped = i % 317 < 4;
      return dropped ? 0 : 320 + 1400 * peak + 70 * random.nextGaussian();
    })).isEmpty();
  }

  @Test
  void aLevelHeldForDaysBecomesTheNewNormalAndItsDriftClears() {
    int from = 10 * 1440;
    List<DriftAlarm.Event> events = feed(from + 12 * 1440,
        i -> 50 + 10 * Math.sin(2 * Math.PI * i / 1440.0) + (i >= from ? 30 : 0));
    assertThat(events.stream().filter(e -> e.change() == DriftAlarm.Change.OPEN)).hasSize(1);
    assertThat(events.get(events.size() - 1).change()).isEqualTo(DriftAlarm.Change.CLEAR);
  }
}
