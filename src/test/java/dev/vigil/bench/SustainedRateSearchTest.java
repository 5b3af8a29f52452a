package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SustainedRateSearchTest {

  /** A contender that delivers what it is offered up to {@code limit}, and then {@code limit} with a growing queue. */
  private static PhaseResult contender(double limit, double offered) {
    Histogram latency = new Histogram(3);
    latency.recordValue(offered <= limit ? 20_000 : 5_000_000);
    return new PhaseResult(Math.min(offered, limit), latency, Map.of(), 100, 100);
  }

  private static double search(double limit, double start, int steps) {
    SustainedRateSearch search = new SustainedRateSearch(start, steps);
    while (!Double.isNaN(search.nextRate())) {
      search.record(contender(limit, search.nextRate()));
    }
    return search.highestSustained();
  }

  @Test
  void climbsAboveAFlatOutFigureThatUnderstatesTheLimit() {
    double found = search(20_000, 13_500, 8);

    assertThat(found).isBetween(20_000 / SustainedRateSearch.CLOSE_ENOUGH, 20_000.0);
  }

  @Test
  void descendsBelowAFlatOutFigureThatOverstatesTheLimit() {
    double found = search(9_000, 17_800, 8);

    assertThat(found).isBetween(9_000 / SustainedRateSearch.CLOSE_ENOUGH, 9_000.0);
  }

  @Test
  void stopsAfterItsStepsAndReportsTheBestItSaw() {
    SustainedRateSearch search = new SustainedRateSearch(1_000, 2);
    search.record(contender(10_000, search.nextRate()));
    search.record(contender(10_000, search.nextRate()));

    assertThat(search.nextRate()).isNaN();
    assertThat(search.steps()).extracting(SustainedRateSearch.Step::rate).containsExactly(1_000.0, 1_250.0);
    assertThat(search.highestSustained()).isEqualTo(1_250);
  }

  @Test
  void stopsOnceTheBoundsAreClose() {
    SustainedRateSearch search = new SustainedRateSearch(10_000, 20);
    search.record(contender(10_200, search.nextRate()));
    search.record(contender(10_200, search.nextRate()));
    while (!Double.isNaN(search.nextRate())) {
      search.record(contender(10_200, search.nextRate()));
    }

    assertThat(search.steps().size()).isLessThan(20);
  }

  @Test
  void findsNothingWhenNothingIsSustained() {
    assertThat(search(0, 1_000, 3)).isNaN();
  }

  @Test
  void searchesNothingWithoutAFlatOutFigure() {
    assertThat(new SustainedRateSearch(Double.NaN, 6).nextRate()).isNaN();
  }

  @Test
  void doesNotCallARateSustainedThatLostReadingsOrQueued() {
    Histogram quick = new Histogram(3);
    quick.recordValue(10_000);
    Histogram slow = new Histogram(3);
    slow.recordValue(2_000_000);

    assertThat(SustainedRateSearch.sustains(1000, new PhaseResult(1000, quick, Map.of(), 100, 100))).isTrue();
    assertThat(SustainedRateSearch.sustains(1000, new PhaseResult(1000, quick, Map.of(), 99, 100)))
        .as("a reading the broker acknowledged never arrived").isFalse();
    assertThat(SustainedRateSearch.sustains(1000, new PhaseResult(1000, slow, Map.of(), 100, 100)))
        .as("p99 of 2 s: a queue").isFalse();
    assertThat(SustainedRateSearch.sustains(1000, new PhaseResult(960, quick, Map.of(), 100, 100)))
        .as("delivered 96%").isFalse();
    assertThat(SustainedRateSearch.sustains(1000, new PhaseResult(1000, new Histogram(3), Map.of(), 0, 0)))
        .as("nothing arrived").isFalse();
  }
}
