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
}
