package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JointMonitorTest {

  private final Random random = new Random(11);
  /** The readings' clock: one row gap apart unless a test says otherwise, as TEP's samples are. */
  private long clock;

  /** The next reading's time, one row gap after the last. */
  private long tick() {
    clock += JointMonitor.ROW_GAP_MILLIS;
    return clock;
  }

  /** Three metrics: two follow a shared load, the third is independent. */
  private double[] normal() {
    double load = random.nextGaussian();
    return new double[] {100 + 5 * load + random.nextGaussian() * 0.3, 50 - 2 * load + random.nextGaussian() * 0.2,
        random.nextGaussian()};
  }

  @Test
  void fitsOnlyOnceFourHundredReadingsJudgedNormalAreIn() {
    JointMonitor monitor = new JointMonitor(3);
    for (int i = 0; i < JointMonitor.ROWS - 1; i++) {
      monitor.learn(normal(), true, tick());
    }
    for (int i = 0; i < 50; i++) {
      monitor.learn(new double[] {500, 500, 500}, false, tick()); // a fault in progress is never kept
    }
    assertThat(monitor.ready()).isFalse();
    monitor.learn(normal(), true, tick());
    assertThat(monitor.ready()).isTrue();
    assertThat(monitor.model().components()).isBetween(2, 3);
  }

  @Test
  void holdsASustainedBrokenRelationshipAboveTheLimitForAsLongAsItLasts() {
    JointMonitor monitor = new JointMonitor(3);
    for (int i = 0; i < JointMonitor.ROWS; i++) {
      monitor.learn(normal(), true, tick());
    }
    int quietAbove = 0;
    for (int i = 0; i < 1000; i++) {
      double[] x = normal();
      quietAbove += monitor.evidence(x, tick()) >= 1 ? 1 : 0;
      monitor.learn(x, true, clock);
    }
    int faultAbove = 0;
    for (int i = 0; i < 500; i++) {
      double[] x = normal();
      x[1] = 50 + (x[0] - 100) * 0.4; // the second metric now moves with the first instead of against it
      boolean above = monitor.evidence(x, tick()) >= 1;
      faultAbove += above ? 1 : 0;
      monitor.learn(x, !above, clock);
    }
    assertThat(quietAbove).isLessThan(50);
    assertThat(faultAbove).isGreaterThan(480);
  }

  @Test
  void learnsANewNormalOnceTheDeviceHasBehavedSoForAWholeRefitPeriodAndNeverBefore() {
    JointMonitor monitor = new JointMonitor(3);
    for (int i = 0; i < JointMonitor.ROWS; i++) {
      monitor.learn(normal(), true, tick());
    }
    int aboveEarly = 0;
    int aboveLate = 0;
    for (int i = 0; i < 3 * JointMonitor.REFIT_EVERY; i++) {
      double[] x = normal();
      x[0] += 40; // a new set point: the first metric far higher, and no longer with the second
      boolean above = monitor.evidence(x, tick()) >= 1;
      if (i < JointMonitor.REFIT_EVERY) {
        aboveEarly += above ? 1 : 0;
      } else if (i >= 2 * JointMonitor.REFIT_EVERY) {
        aboveLate += above ? 1 : 0;
      }
      monitor.learn(x, !above, clock);
    }
    assertThat(aboveEarly).as("the change is anomalous for a whole refit period").isGreaterThan(1900);
    assertThat(aboveLate).as("then it is the new normal (about 5%% above, as on any normal stretch)").isLessThan(200);
  }

  @Test
  void measuresTheSpreadOfTheEwmaItselfWhichAutocorrelationWidens() {
    double[] alternating = new double[400];
    double[] persistent = new double[400];
    for (int i = 0; i < 400; i++) {
      alternating[i] = i % 2 == 0 ? 1 : -1;
      persistent[i] = (i / 50) % 2 == 0 ? 1 : -1;
    }
    double iid = JointMonitor.ewmaSpread(alternating, 0, JointMonitor.SMOOTHING);
    double slow = JointMonitor.ewmaSpread(persistent, 0, JointMonitor.SMOOTHING);
    assertThat(iid).isCloseTo(0.1 / 1.9, within(0.01)); // alternating: the EWMA settles at +-lambda/(2-lambda)
    assertThat(slow).isGreaterThan(5 * iid);
  }

  /** A device on a daily cycle at {@code second} of its life: two metrics follow the load, one the hour. */
  private double[] daily(long second, boolean broken) {
    double load = Math.sin(2 * Math.PI * second / 86_400.0);
    double hour = Math.cos(2 * Math.PI * second / 86_400.0);
    double follower = broken ? -20 * load : 20 * load; // broken: the second metric turns against the load
    return new double[] {100 + 50 * load + random.nextGaussian(), 50 + follower + random.nextGaussian() * 0.5,
        20 + 5 * hour + random.nextGaussian() * 0.3};
  }

  @Test
  void keepsOneNormalRowPerRowGapSoADeviceReadingEverySecondGrowsItsModelOnTwentyHoursOfRowsNotSevenMinutes() {
    JointMonitor monitor = new JointMonitor(3);
    long rowsSpan = JointMonitor.ROWS * JointMonitor.ROW_GAP_MILLIS / 1000;
    long second = 0;
    for (; second < rowsSpan - JointMonitor.ROW_GAP_MILLIS / 1000; second++) {
      monitor.learn(daily(second, false), true, second * 1000);
    }
    assertThat(monitor.ready()).as("young model fitted on the first %d readings", JointMonitor.ROWS).isTrue();
    assertThat(monitor.grown()).as("399 rows kept after %d readings", second).isFalse();
    for (; second < rowsSpan; second++) {
      monitor.learn(daily(second, false), true, second * 1000);
    }
    assertThat(monitor.grown()).isTrue();
  }

  @Test
  void judgesWithAYoungModelForOneRefitPeriodAfterItsFitThenWaitsUntilTheModelGrows() {
    JointMonitor monitor = new JointMonitor(3);
    long second = 0;
    for (; second < JointMonitor.ROWS; second++) {
      monitor.learn(daily(second, false), true, second * 1000);
    }
    assertThat(monitor.judging()).as("young model fitted on the first %d readings", JointMonitor.ROWS).isTrue();
    for (int i = 0; i < JointMonitor.REFIT_EVERY; i++, second++) {
      monitor.evidence(daily(second, false), second * 1000);
      monitor.learn(daily(second, false), true, second * 1000);
    }
    assertThat(monitor.judging()).isFalse();
    assertThat(monitor.evidence(daily(second, true), second * 1000)).isZero();
    long rowsSpan = JointMonitor.ROWS * JointMonitor.ROW_GAP_MILLIS / 1000;
    for (; second < rowsSpan; second++) {
      monitor.learn(daily(second, false), true, second * 1000);
    }
    assertThat(monitor.grown()).isTrue();
    assertThat(monitor.judging()).isTrue();
  }

  @Test
  void keepsARowAGapAfterTheLastAndAtOnceWhenTheDevicesClockGoesBack() {
    long gap = JointMonitor.ROW_GAP_MILLIS;
    assertThat(JointMonitor.due(Long.MIN_VALUE, 0)).isTrue();
    assertThat(JointMonitor.due(1_000_000, 1_000_000 + gap - 1)).isFalse();
    assertThat(JointMonitor.due(1_000_000, 1_000_000 + gap)).isTrue();
    assertThat(JointMonitor.due(1_000_000, 1_000_000 - 86_400_000)).as("a clock set back a day").isTrue();
  }

  @Test
  void weighsReadingsCloserThanTheRowGapSoThatTogetherTheyWeighWhatOneReadingAGapApartDoes() {
    JointMonitor monitor = new JointMonitor(3);
    assertThat(monitor.weight(JointMonitor.ROW_GAP_MILLIS)).isEqualTo(JointMonitor.SMOOTHING);
    assertThat(monitor.weight(10 * JointMonitor.ROW_GAP_MILLIS)).isEqualTo(JointMonitor.SMOOTHING);
    double third = monitor.weight(JointMonitor.ROW_GAP_MILLIS / 3);
    assertThat(1 - Math.pow(1 - third, 3)).isCloseTo(JointMonitor.SMOOTHING, within(1e-12));
    assertThat(monitor.weight(0)).isZero();
  }

  @Test
  void calibratesAWholeDayOnEveryThirdRowAndAShorterStretchOnItsNewestThird() {
    double[][] day = new double[JointMonitor.CAPACITY][];
    for (int r = 0; r < day.length; r++) {
      day[r] = new double[] {r};
    }
    double[][][] interleaved = JointMonitor.interleaved(day);
    assertThat(interleaved[1].length).isEqualTo(JointMonitor.CAPACITY / 3);
    assertThat(interleaved[0].length).isEqualTo(JointMonitor.CAPACITY - JointMonitor.CAPACITY / 3);
    assertThat(interleaved[1][0][0]).isEqualTo(2);
    assertThat(interleaved[1][interleaved[1].length - 1][0]).isEqualTo(JointMonitor.CAPACITY - 1);
    double[][][] newestLast = JointMonitor.newestLast(java.util.Arrays.copyOf(day, JointMonitor.ROWS));
    assertThat(newestLast[0].length).isEqualTo(267);
    assertThat(newestLast[1][0][0]).isEqualTo(267);
  }

  @Test
  void staysWithinItsLimitsThroughADailyCycleAfterItsFirstDayAndStillFlagsABrokenRelationshipThatLasts() {
    JointMonitor monitor = new JointMonitor(3);
    long step = 10; // a reading every 10 seconds
    int judged = 0;
    int above = 0;
    long faultFrom = 2 * 86_400 + 12 * 3_600;
    long faultTo = faultFrom + 2 * 3_600;
    // the three hours after the fault are its own tail (a smoothed statistic far above its limit takes
    // that long to decay), not a false alarm: left out of both counts
    int faultJudged = 0;
    int faultAbove = 0;
    for (long second = 0; second < 3 * 86_400; second += step) {
      boolean fault = second >= faultFrom && second < faultTo;
      double[] x = daily(second, fault);
      boolean out = monitor.evidence(x, second * 1000) >= 1;
      monitor.learn(x, !out, true, second * 1000); // nothing else judges: the young model's alarms keep their rows
      if (second >= faultFrom + 3_600 && fault) {
        faultJudged++;
        faultAbove += out ? 1 : 0;
      } else if (second >= 86_400 && !fault && (second < faultTo || second >= faultTo + 3 * 3_600)) {
        judged++;
        above += out ? 1 : 0;
      }
    }
    assertThat(above).as("normal readings above the limit after the first day, of %d", judged)
        .isLessThan(judged / 100);
    assertThat(faultAbove).as("readings of the broken relationship's second hour above the limit, of %d", faultJudged)
        .isGreaterThan(faultJudged * 9 / 10);
  }
}
