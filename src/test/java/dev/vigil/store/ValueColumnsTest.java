package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueColumnsTest {

  private static final Instant T = Instant.parse("2026-11-30T06:00:00Z");

  @Test
  void laysOutEachReadingsValuesInTheOrderOfItsSortedMetricNames() {
    Reading first = new Reading("d", T, 1, Map.of("voltage_v", 230.0, "power_w", 500.0), T);
    Reading second = new Reading("d", T, 2, Map.of("t", 21.5), T);
    ValueColumns columns = new ValueColumns(List.of(ScoredReading.warmingUp(first), ScoredReading.warmingUp(second)));

    assertThat(columns.addValues(first, StorageKeys.metricNames(first))).isEqualTo(1);
    assertThat(columns.addValues(second, StorageKeys.metricNames(second))).isEqualTo(3);
    assertThat(columns.values()).containsExactly(500.0, 230.0, 21.5);
  }

  @Test
  void takesNoBandRoomForAReadingScoredWhileWarmingUp() {
    Reading warming = new Reading("d", T, 1, Map.of("power_w", 500.0), T);
    Reading judged = new Reading("d", T, 2, Map.of("power_w", 505.0), T);
    ScoredReading withBand = new ScoredReading(judged, 0.1, false, false, 1, List.of(),
        Map.of("power_w", new ScoredReading.Range(470.5, 530.25)));
    ValueColumns columns = new ValueColumns(List.of(ScoredReading.warmingUp(warming), withBand));

    assertThat(columns.addBand(ScoredReading.warmingUp(warming), List.of("power_w"))).isZero();
    assertThat(columns.addBand(withBand, List.of("power_w"))).isEqualTo(1);
    assertThat(columns.band()).containsExactly(470.5f, 530.25f);
  }
}
