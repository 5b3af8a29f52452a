package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredValuesTest {

  @Test
  void returnsValuesExactlyAsTheyWereStored() {
    JsonObject metrics = StoredValues.metrics(new String[] {"current_a", "power_w"}, new Double[] {0.1 + 0.2, 2000.0});
    assertThat(metrics.encode()).isEqualTo("{\"current_a\":0.30000000000000004,\"power_w\":2000.0}");
  }

  @Test
  void returnsTheBandInItsShortestDecimalFormNotTheFloatsBinaryExpansion() {
    JsonObject expected = StoredValues.expected(new String[] {"power_w"}, new Float[] {470.2f, 530.9f});
    assertThat(expected).isEqualTo(new JsonObject().put("power_w", new JsonObject().put("low", 470.2).put("high", 530.9)));
  }

  @Test
  void returnsAnEmptyBandForAReadingScoredWhileWarmingUp() {
    assertThat(StoredValues.expected(new String[] {"power_w"}, null)).isEqualTo(new JsonObject());
  }

  @Test
  void leavesOutAMetricTheDetectorGaveNoRangeFor() {
    JsonObject expected = StoredValues.expected(new String[] {"a", "b"}, new Float[] {null, null, 1.5f, 2.5f});
    assertThat(expected.fieldNames()).containsExactly("b");
  }

  @Test
  void givesTheLiveRelayTheBandTheApiWillReturnOnceTheReadingIsStored() {
    double low = 36.14501211624524;
    double high = 44.87342321556919;
    ScoredReading scored = new ScoredReading(new Reading("d", Instant.EPOCH, 1, Map.of("t", 40.0), Instant.EPOCH), 0.1,
        false, false, 1, List.of(), Map.of("t", new ScoredReading.Range(low, high)));

    assertThat(StoredValues.expectedAsStored(scored))
        .isEqualTo(StoredValues.expected(new String[] {"t"}, new Float[] {(float) low, (float) high}))
        .isEqualTo(new JsonObject().put("t", new JsonObject().put("low", 36.14501).put("high", 44.873425)));
  }
}
