package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluate.SyntheticSeries;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.DetectorPool;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoredReading.Range;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceDetectorTest {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final DetectorSettings SETTINGS = DetectorSettings.of(120, 0.95);

  private final Random random = new Random(7);

  private static Reading reading(String device, int i, double power, double temperature) {
    Instant ts = START.plusSeconds(60L * i);
    return new Reading(device, ts, i, Map.of("power_w", power, "temperature", temperature), ts);
  }

  /** Scores readings, training inline whenever the detector asks, as the evaluation does. */
  private static ScoredReading feed(DeviceDetector detector, Reading reading, int[] version) {
    ScoredReading scored = detector.score(reading);
    detector.trainingDue().ifPresent(job -> detector.install(job.train(), ++version[0]));
    return scored;
  }

  private List<ScoredReading> normalRun(DeviceDetector detector, int n, int[] version) {
    List<ScoredReading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(feed(detector, reading("d1", i, 500 + random.nextGaussian() * 10, 21 + random.nextGaussian() * 0.2),
          version));
    }
    return out;
  }

  /** Normal readings from row {@code from} on until none of the last quiet-period readings was anomalous. */
  private int normalUntilQuiet(DeviceDetector detector, int from, int[] version) {
    int calm = 0;
    int i = 0;
    while (i < from || calm < DetectorSettings.QUIET_AFTER) {
      ScoredReading s = feed(detector, reading("d1", i++, 500 + random.nextGaussian() * 10, 21 + random.nextGaussian() * 0.2),
          version);
      calm = s.anomalous() ? 0 : calm + 1;
    }
    return i;
  }

  @Test
  void staysAnomalousWhileABrokenRelationshipBetweenMetricsLasts() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    int i = 0;
    // a reading a minute: the joint model keeps one normal row per 3 minutes and fits once it has 400 (1,200 readings)
    for (; i < 1600; i++) {
      double load = random.nextGaussian();
      // normal: temperature follows power closely
      feed(detector, reading("d1", i, 500 + 10 * load, 21 + 0.2 * load + random.nextGaussian() * 0.02), version);
    }
    List<ScoredReading> fault = new ArrayList<>();
    for (int f = 0; f < 300; f++, i++) {
      double load = random.nextGaussian();
      // each metric in its usual range, but temperature no longer follows power
      fault.add(feed(detector, reading("d1", i, 500 + 10 * load, 21 - 0.2 * load + random.nextGaussian() * 0.02),
          version));
    }
    assertThat(fault.subList(20, 300)).filteredOn(ScoredReading::anomalous).hasSizeGreaterThan(250);
    ScoredReading late = fault.get(299);
    assertThat(late.explanation()).extracting(ScoredReading.Contribution::metric)
        .containsExactlyInAnyOrder("power_w", "temperature");
  }

  @Test
  void flagsABrokenRelationshipOnAFastDeviceWhoseWholeRecordingLastsTwentyMinutes() {
    // A reading a second, 1,200 readings: the joint model is fitted on the first 400 normal readings, not
    // after 20 hours of the device's clock, and a fault of minutes moves its EWMA (docs/detection.md,
    // "A day of normal").
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    List<ScoredReading> fault = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      double load = random.nextGaussian();
      // normal: temperature follows power closely; from reading 600 on, each metric stays in its usual
      // range but temperature moves against power
      double temperature = 21 + (i < 600 ? 0.2 : -0.2) * load + random.nextGaussian() * 0.02;
      Instant ts = START.plusSeconds(i);
      ScoredReading scored = feed(detector,
          new Reading("d1", ts, i, Map.of("power_w", 500 + 10 * load, "temperature", temperature), ts), version);
      if (i >= 600) {
        fault.add(scored);
      }
    }
    assertThat(fault.subList(20, 600)).filteredOn(ScoredReading::anomalous).hasSizeGreaterThan(500);
  }

  @Test
  void flagsAOneReadingSpikeWhenTheSeriesComesStraightBack() {
    DeviceDetector detector = new DeviceDetector("d2|level", List.of("level"), SETTINGS);
    int[] version = new int[1];
    int i = 0;
    // a slow swing with little noise: the spike below is small against the level's spread, huge against its steps
    for (; i < 3000; i++) {
      feed(detector, one("d2", i, 100 + 10 * Math.sin(i / 100.0) + random.nextGaussian() * 0.1), version);
    }
    double before = 100 + 10 * Math.sin(i / 100.0);
    feed(detector, one("d2", i++, before + 5), version);
    ScoredReading back = feed(detector, one("d2", i, 100 + 10 * Math.sin(i / 100.0)), version);
    assertThat(back.anomalous()).isTrue();
    assertThat(back.score()).isGreaterThanOrEqualTo(0.99);
  }

  /** A slow swing between 90 and 110 with a little noise, {@code n} readings from row {@code from}. */
  private void swing(DeviceDetector detector, String device, int from, int n, int[] version) {
    for (int i = from; i < from + n; i++) {
      feed(detector, one(device, i, 100 + 10 * Math.sin(i / 100.0) + random.nextGaussian() * 0.1), version);
    }
  }

  @Test
  void flagsASingleMetricBeyondEveryValueItHasShownOnceItsRangeIsLearned() {
    DeviceDetector detector = new DeviceDetector("d4|level", List.of("level"), SETTINGS);
    int[] version = new int[1];
    swing(detector, "d4", 0, 1500, version);
    // 20% of the range's width above its highest value, reached by the swing's usual slope
    ScoredReading beyond = feed(detector, one("d4", 1500, 114), version);
    assertThat(beyond.anomalous()).isTrue();
    assertThat(beyond.score()).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void leavesTheRangeUnjudgedUntilItHasBeenLearnedFromAThousandReadings() {
    DeviceDetector detector = new DeviceDetector("d5|level", List.of("level"), SETTINGS);
    int[] version = new int[1];
    swing(detector, "d5", 0, 600, version);
    ScoredReading early = feed(detector, one("d5", 600, 114), version);
    assertThat(early.score()).isLessThan(0.99);
  }

  @Test
  void flagsASensorStuckOnOneValueWhenItNeverRepeatsItself() {
    DeviceDetector detector = new DeviceDetector("d3|level", List.of("level"), SETTINGS);
    int[] version = new int[1];
    int i = 0;
    for (; i < 1500; i++) {
      feed(detector, one("d3", i, 100 + 10 * Math.sin(i / 100.0) + random.nextGaussian()), version);
    }
    double last = 100 + 10 * Math.sin(i / 100.0);
    List<ScoredReading> stuck = new ArrayList<>();
    for (int k = 0; k < 15; k++, i++) {
      stuck.add(feed(detector, one("d3", i, last), version));
    }
    assertThat(stuck.subList(0, 9)).noneMatch(s -> s.score() >= 0.99);
    assertThat(stuck.subList(10, 15)).allMatch(ScoredReading::anomalous);
  }

  @Test
  void neverJudgesAMetricThatHasAlwaysSentOneValueStuck() {
    DeviceDetector detector = new DeviceDetector("d6|level", List.of("level"), SETTINGS);
    int[] version = new int[1];
    List<ScoredReading> scored = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      scored.add(feed(detector, one("d6", i, 500), version));
    }
    assertThat(scored).noneMatch(ScoredReading::anomalous);
  }

  private static Reading one(String device, int i, double value) {
    Instant ts = START.plusSeconds(60L * i);
    return new Reading(device, ts, i, Map.of("level", value), ts);
  }

  @Test
  void judgesNothingDuringWarmUp() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    List<ScoredReading> scored = normalRun(detector, 120, new int[1]);
    assertThat(scored).allSatisfy(s -> {
      assertThat(s.warmingUp()).isTrue();
      assertThat(s.score()).isZero();
      assertThat(s.anomalous()).isFalse();
    });
  }

  @Test
  void carriesNoExpectedRangeWhileWarmingUp() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    assertThat(normalRun(detector, 150, new int[1])).filteredOn(ScoredReading::warmingUp).isNotEmpty()
        .allSatisfy(s -> assertThat(s.expected()).isEmpty());
  }

  @Test
  void givesEveryJudgedReadingAnExpectedRangePerMetricHoldingTypicalValues() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    List<ScoredReading> judged = normalRun(detector, 1000, new int[1]).stream().filter(s -> !s.warmingUp()).toList();

    assertThat(judged).hasSizeGreaterThan(700).allSatisfy(s -> {
      assertThat(s.expected()).containsOnlyKeys("power_w", "temperature");
      Range power = s.expected().get("power_w");
      assertThat(power.low()).isBetween(440.0, 480.0);
      assertThat(power.high()).isBetween(520.0, 560.0);
      Range temperature = s.expected().get("temperature");
      assertThat(temperature.low()).isBetween(20.0, 20.8);
      assertThat(temperature.high()).isBetween(21.2, 22.0);
    });
    // About 99.7% of Gaussian values fall within 3 sd: the band holds what the device normally does.
    long inside = judged.stream().filter(s -> within(s.expected().get("power_w"), s.reading().metrics().get("power_w")))
        .count();
    assertThat((double) inside / judged.size()).isGreaterThan(0.98);
  }

  @Test
  void quotesTheSameExpectedRangeInTheExplanationAsInTheBand() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    int i = normalUntilQuiet(detector, 800, version);
    ScoredReading spike = feed(detector, reading("d1", i, 5400, 21.0), version);

    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.explanation()).allSatisfy(c -> {
      Range band = spike.expected().get(c.metric());
      assertThat(c.expectedLow()).isEqualTo(band.low());
      assertThat(c.expectedHigh()).isEqualTo(band.high());
    });
    assertThat(within(spike.expected().get("power_w"), 5400)).isFalse();
  }

  private static boolean within(Range range, double value) {
    return value >= range.low() && value <= range.high();
  }

  @Test
  void trainsATribuoModelWhenWarmUpEnds() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    normalRun(detector, 121, version);
    assertThat(version[0]).isEqualTo(1);
    assertThat(detector.modelVersion()).isEqualTo(1);
  }

  @Test
  void keepsEveryScoreInTheUnitInterval() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    List<ScoredReading> scored = normalRun(detector, 1000, version);
    for (int i = 0; i < 50; i++) {
      scored.add(feed(detector, reading("d1", 1000 + i, random.nextDouble() * 1e6, -1e4), version));
    }
    assertThat(scored).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    assertThat(scored.subList(200, 1000)).filteredOn(ScoredReading::anomalous).hasSizeLessThan(20);
  }

  @Test
  void givesAClearSpikeAHighScoreAndNamesTheSpikingMetric() {
    DeviceDetector detector = new DeviceDetector("d1|power_w,temperature", List.of("power_w", "temperature"), SETTINGS);
    int[] version = new int[1];
    int i = normalUntilQuiet(detector, 800, version);
    ScoredReading spike = feed(detector, reading("d1", i, 5400, 21.0), version);

    assertThat(spike.score()).isGreaterThanOrEqualTo(0.95);
    assertThat(spike.anomalous()).isTrue();
    assertThat(spike.modelVersion()).isPositive();
    ScoredReading.Contribution top = spike.explanation().get(0);
    assertThat(top.metric()).isEqualTo("power_w");
    assertThat(top.value()).isEqualTo(5400.0);
    assertThat(top.expectedLow()).isBetween(400.0, 500.0);
    assertThat(top.expectedHigh()).isBetween(500.0, 600.0);
    assertThat(top.share()).isGreaterThan(0.5);
  }

  @Test
  void scoresADeviceTheSameWhateverAnotherDeviceDoes() {
    DetectorPool alone = new DetectorPool(SETTINGS);
    DetectorPool shared = new DetectorPool(SETTINGS);
    Random wild = new Random(3);
    for (int i = 0; i < 600; i++) {
      Reading a = reading("a", i, 500 + random.nextGaussian() * 10, 21 + random.nextGaussian() * 0.2);
      Reading b = reading("b", i, i > 300 ? 1e5 * wild.nextDouble() : 480, 30);
      ScoredReading expected = scoreIn(alone, a);
      scoreIn(shared, b);
      ScoredReading actual = scoreIn(shared, a);
      assertThat(actual.score()).isEqualTo(expected.score());
      assertThat(actual.anomalous()).isEqualTo(expected.anomalous());
    }
    assertThat(shared.size()).isEqualTo(2);
  }

  private static ScoredReading scoreIn(DetectorPool pool, Reading reading) {
    DeviceDetector detector = pool.detectorFor(reading);
    ScoredReading scored = detector.score(reading);
    detector.trainingDue().ifPresent(job -> detector.install(job.train(), detector.modelVersion() + 1));
    return scored;
  }

  @Test
  void raisesNoAnomalyAlertOnASimulatedMeterWithNothingInjectedOnceItsJointModelHasADayOfNormal() {
    // The simulator's meter (7 metrics on a daily cycle, independent noise), a reading every 5 seconds for
    // two days. Before the joint model kept its normal rows over most of a day and judged the device once
    // ready, about half of such readings were anomalous, every day (docs/detection.md, "A day of normal").
    dev.vigil.sim.Scenario scenario = dev.vigil.sim.Scenario.load(null).withMeanReadingsBetweenAnomalies(0);
    dev.vigil.sim.DeviceKind meter = scenario.kinds().get(0);
    dev.vigil.sim.SignalGenerator signal = new dev.vigil.sim.SignalGenerator("meter-1", meter, scenario, 42, label -> { });
    List<String> metrics = meter.metrics().stream().map(dev.vigil.sim.MetricSpec::name).toList();
    StreamingRun run = new StreamingRun("meter-1", metrics, SETTINGS);
    AlertEpisode episode = new AlertEpisode(SETTINGS.quietAfter());
    Instant monday = Instant.parse("2026-11-30T00:00:00Z");
    int secondDayAlerts = 0;
    for (long second = 0; second < 2 * 86_400; second += 5) {
      Instant ts = monday.plusSeconds(second);
      var sample = signal.next(ts);
      if (sample.isEmpty()) {
        continue; // a silence (none is injected here)
      }
      double[] values = metrics.stream().mapToDouble(m -> sample.get().metrics().get(m)).toArray();
      boolean opened = episode.next(run.next(ts, values).anomalous()) == AlertEpisode.Transition.OPENED;
      secondDayAlerts += opened && second >= 86_400 ? 1 : 0;
    }
    assertThat(metrics).hasSizeGreaterThan(2);
    assertThat(secondDayAlerts).isZero();
  }

  @Test
  void raisesAtMostARareAlertOnADailySeriesThatOnlyWandersSlowly() {
    // Ten days of 5-minute readings, ten series: a daily cycle, a random walk that drifts for hours, noise.
    // Nothing is injected, so every alert is false. Before the SVM's outlierness was shaped, 28 alerts
    // opened on these series (runs of readings just past the edge of the SVM's support); now 5.
    int alerts = 0;
    for (int s = 0; s < 10; s++) {
      double[] series = SyntheticSeries.normal(1000 + s, 6000);
      StreamingRun run = new StreamingRun("wander-" + s, "value", SETTINGS);
      AlertEpisode episode = new AlertEpisode(SETTINGS.quietAfter());
      for (int i = 0; i < series.length; i++) {
        boolean anomalous = run.next(START.plusSeconds(300L * i), series[i]).anomalous();
        alerts += episode.next(anomalous) == AlertEpisode.Transition.OPENED ? 1 : 0;
      }
    }
    assertThat(alerts).isLessThanOrEqualTo(8);
  }

  @Test
  void shapedOutliernessAddsLittleAtTheEdgeOfTheSupportAndAllOfItFarOutside() {
    assertThat(DeviceDetector.shaped(0.0)).isZero();
    assertThat(DeviceDetector.shaped(0.4)).isLessThan(0.11);
    assertThat(DeviceDetector.shaped(0.9)).isGreaterThan(0.75);
    assertThat(DeviceDetector.shaped(1.0)).isEqualTo(1.0);
    double previous = 0;
    for (int i = 1; i <= 100; i++) {
      double next = DeviceDetector.shaped(i / 100.0);
      assertThat(next).isGreaterThan(previous);
      previous = next;
    }
  }

  @Test
  void devicesStartedTogetherRetrainAtReadingsSpreadOverHalfTheInterval() {
    int retrainEvery = 200;
    DetectorSettings settings = new DetectorSettings(SETTINGS.warmup(), SETTINGS.threshold(), SETTINGS.warmup(),
        retrainEvery, SETTINGS.shortWindow(), SETTINGS.longWindow(), SETTINGS.fullSurprise(), SETTINGS.quietAfter());
    List<Integer> firstRetrains = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      String key = "meter-" + d + "|power_w,temperature";
      DeviceDetector detector = new DeviceDetector(key, List.of("power_w", "temperature"), settings);
      int[] trainings = new int[1];
      int i = 0;
      while (trainings[0] < 2) {
        feed(detector, reading("meter-" + d, i++, 500 + random.nextGaussian() * 10, 21 + random.nextGaussian() * 0.2),
            trainings);
      }
      assertThat(i).as(key).isEqualTo(settings.warmup() + retrainEvery + DeviceDetector.retrainOffset(key, retrainEvery));
      firstRetrains.add(i);
    }

    assertThat(firstRetrains).allSatisfy(at -> assertThat(at - settings.warmup())
        .isBetween(retrainEvery, retrainEvery + retrainEvery / 2 - 1));
    assertThat(firstRetrains.stream().distinct().count()).as("distinct readings of the first retrain").isGreaterThan(15);
  }

  @Test
  void retrainOffsetIsFixedByTheKeyAlone() {
    assertThat(DeviceDetector.retrainOffset("meter-1|power_w", 2000))
        .isEqualTo(DeviceDetector.retrainOffset("meter-1|power_w", 2000))
        .isBetween(0L, 999L);
    assertThat(DeviceDetector.retrainOffset("meter-1|power_w", 0)).isZero();
  }
}
