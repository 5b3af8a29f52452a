package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BandSamplerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void keepsADevicesFirstBandThenAtMostOneASecondOfItsOwnTime() {
    BandSampler sampler = new BandSampler(1000);
    // Ten readings a second for three seconds: the ones at 0, 1 and 2 s keep their band.
    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      if (sampler.keeps(1, banded(T0.plusMillis(100L * i), false))) {
        kept.append(i).append(' ');
      }
    }
    assertThat(kept.toString().trim()).isEqualTo("0 10 20");
  }

  @Test
  void keepsTheBandOfEveryAnomaly() {
    BandSampler sampler = new BandSampler(1000);
    assertThat(sampler.keeps(1, banded(T0, false))).isTrue();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(100), true))).isTrue();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(200), false))).as("an anomaly does not restart the second")
        .isFalse();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(1000), false))).isTrue();
  }

  @Test
  void aReadingWithoutBandKeepsNothingAndDoesNotCountAsKept() {
    BandSampler sampler = new BandSampler(1000);
    assertThat(sampler.keeps(1, ScoredReading.warmingUp(reading(T0)))).isFalse();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(100), false))).isTrue();
  }

  @Test
  void countsEachDeviceApart() {
    BandSampler sampler = new BandSampler(1000);
    assertThat(sampler.keeps(1, banded(T0, false))).isTrue();
    assertThat(sampler.keeps(2, banded(T0.plusMillis(10), false))).isTrue();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(20), false))).isFalse();
  }

  @Test
  void keepsTheSameReadingAgainWhenItsBatchIsWrittenAgain() {
    BandSampler sampler = new BandSampler(1000);
    ScoredReading first = banded(T0, false);
    assertThat(sampler.keeps(1, first)).isTrue();
    assertThat(sampler.keeps(1, first)).isTrue();
  }

  @Test
  void aReadingFromBeforeTheLastKeptBandIsJudgedByItsDistanceToIt() {
    BandSampler sampler = new BandSampler(1000);
    assertThat(sampler.keeps(1, banded(T0.plusSeconds(10), false))).isTrue();
    assertThat(sampler.keeps(1, banded(T0.plusMillis(9500), false))).as("half a second before").isFalse();
    assertThat(sampler.keeps(1, banded(T0, false))).as("a late reading ten seconds before").isTrue();
  }

  @Test
  void anIntervalOfZeroKeepsEveryBand() {
    BandSampler sampler = new BandSampler(0);
    for (int i = 0; i < 5; i++) {
      assertThat(sampler.keeps(1, banded(T0.plusMillis(i), false))).isTrue();
    }
  }

  @Test
  void refusesANegativeInterval() {
    assertThatThrownBy(() -> new BandSampler(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Reading reading(Instant ts) {
    return new Reading("d", ts, ts.toEpochMilli(), Map.of("power_w", 500.0), ts);
  }

  private static ScoredReading banded(Instant ts, boolean anomalous) {
    return new ScoredReading(reading(ts), anomalous ? 0.99 : 0.1, anomalous, false, 1, List.of(),
        Map.of("power_w", new ScoredReading.Range(470.2, 530.9)));
  }
}
