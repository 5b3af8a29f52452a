package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
}
