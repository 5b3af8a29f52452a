package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalGeneratorTest {

  private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
  private static final int READINGS = 30_000;

  private final Scenario scenario = Scenario.load("mixed-fleet").withMeanReadingsBetweenAnomalies(150);

  @Test
  void producesTheSameReadingsAndLabelsForTheSameSeed() {
    Run first = run(scenario, 7L, 0);
    Run second = run(scenario, 7L, 0);

    assertThat(first.samples).isEqualTo(second.samples);
    assertThat(first.labels).isEqualTo(second.labels).isNotEmpty();
  }

  @Test
  void producesDifferentReadingsForAnotherSeed() {
    assertThat(run(scenario, 7L, 0).samples).isNotEqualTo(run(scenario, 8L, 0).samples);
  }

  @Test
  void injectsEveryKindOfAnomalyAndLabelsIt() {
    Set<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
    run(scenario, 11L, 0).labels.forEach(label -> kinds.add(label.kind()));

    assertThat(kinds).containsExactlyInAnyOrder(AnomalyKind.values());
  }

  @Test
  void changesReadingsOnlyInsideLabelledAnomalies() {
    for (int device = 0; device < 3; device++) {
      Run faulty = run(scenario, 5L, device);
      Run clean = run(scenario.withMeanReadingsBetweenAnomalies(0), 5L, device);
      assertThat(clean.labels).isEmpty();
      for (Sample sample : faulty.samples.values()) {
        boolean labelled = faulty.labels.stream().anyMatch(l -> l.covers(sample.ts()));
        if (!labelled) {
          assertThat(sample.metrics()).isEqualTo(clean.samples.get(sample.ts()).metrics());
        }
      }
    }
  }

  @Test
  void eachLabelledAnomalyIsVisibleInItsMetric() {
    Run faulty = run(scenario, 5L, 0);
    Run clean = run(scenario.withMeanReadingsBetweenAnomalies(0), 5L, 0);
    MetricSpecLookup specs = new MetricSpecLookup(scenario.deal(1).get(0));

    assertThat(faulty.labels).hasSizeGreaterThan(20);
    for (AnomalyLabel label : faulty.labels) {
      List<Sample> inside = faulty.samplesIn(label);
      if (label.kind() == AnomalyKind.SILENT) {
        assertThat(inside).as("silent %s", label).isEmpty();
        continue;
      }
      String metric = label.metric();
      double spread = specs.get(metric).spread();
      List<Double> seen = inside.stream().map(s -> s.metrics().get(metric)).toList();
      List<Double> expected = inside.stream().map(s -> clean.samples.get(s.ts()).metrics().get(metric)).toList();
      assertThat(seen).as("%s", label).isNotEmpty();
      switch (label.kind()) {
        case SPIKE -> assertThat(seen.get(0) - expected.get(0)).as("%s", label).isGreaterThan(2 * spread);
        case DROP -> {
          assertThat(seen.get(0)).as("%s", label).isLessThanOrEqualTo(expected.get(0));
          if (expected.get(0) > specs.get(metric).min() + spread) {
            assertThat(seen.get(0)).as("%s", label).isLessThan(expected.get(0) - spread);
          }
        }
        case STUCK -> assertThat(seen).as("%s", label).containsOnly(seen.get(0)).hasSizeGreaterThan(30);
        case DRIFT -> assertThat(last(seen) - last(expected)).as("%s", label).isGreaterThan(spread);
        case NOISE_BURST -> assertThat(maxAbsDiff(seen, expected)).as("%s", label).isGreaterThan(0);
        default -> throw new AssertionError("unexpected " + label);
      }
    }
  }

  @Test
  void injectsNothingDuringTheQuietWarmUp() {
    Run faulty = run(scenario, 3L, 0);
    Instant quietEnd = START.plusSeconds(scenario.quietReadings());

    assertThat(faulty.labels).allSatisfy(l -> assertThat(l.start()).isAfter(quietEnd));
  }

  @Test
  void energyMeterUsesMorePowerAtBreakfastThanAtNight() {
    Run clean = run(scenario.withMeanReadingsBetweenAnomalies(0), 1L, 0);
    double night = clean.samples.get(START.plus(Duration.ofHours(3))).metrics().get("power_w");
    double morning = clean.samples.get(START.plus(Duration.ofMinutes(7 * 60 + 30))).metrics().get("power_w");

    assertThat(morning).isGreaterThan(night + 800);
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  private static double maxAbsDiff(List<Double> a, List<Double> b) {
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      max = Math.max(max, Math.abs(a.get(i) - b.get(i)));
    }
    return max;
  }

  /** One device at one reading per second for {@link #READINGS} seconds. */
  private static Run run(Scenario scenario, long seed, int deviceIndex) {
    Run run = new Run();
    DeviceKind kind = scenario.deal(deviceIndex + 1).get(deviceIndex);
    SignalGenerator generator = new SignalGenerator("dev-" + deviceIndex, kind, scenario,
        seed * 1_000_003L + deviceIndex, run.labels::add);
    for (int i = 0; i < READINGS; i++) {
      Instant ts = START.plusSeconds(i);
      generator.next(ts).ifPresent(s -> run.samples.put(ts, s));
    }
    generator.finish();
    return run;
  }

  private static final class Run {
    final Map<Instant, Sample> samples = new LinkedHashMap<>();
    final List<AnomalyLabel> labels = new ArrayList<>();

    List<Sample> samplesIn(AnomalyLabel label) {
      return samples.values().stream().filter(s -> label.covers(s.ts())).toList();
    }
  }

  private record MetricSpecLookup(DeviceKind kind) {
    MetricSpec get(String name) {
      return kind.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
  }
}
