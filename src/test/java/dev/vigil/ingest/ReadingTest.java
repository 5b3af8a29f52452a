package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON form a reading takes to the cluster member that owns its device. */
class ReadingTest {

  @Test
  void survivesTheClusterJsonExactlyIncludingNanosecondsAndAwkwardDoubles() {
    Reading reading = new Reading("pump.7:a-b_c", Instant.parse("2024-03-01T12:34:56.123456789Z"), 4_000_000_000L,
        Map.of("power_w", 0.1 + 0.2, "tiny", Double.MIN_VALUE, "huge", -Double.MAX_VALUE, "whole", 22.0),
        Instant.parse("2024-03-01T12:34:57.000000001Z"));

    Reading back = Reading.fromJson(new JsonObject(reading.toJson().encode()));

    assertThat(back).isEqualTo(reading);
  }

  @Test
  void carriesTheDeclaredUnitsToTheOwnerInACluster() {
    Reading reading = new Reading("pump-1", Instant.parse("2025-01-01T00:00:00Z"), 3, Map.of("flow", 3.5),
        Instant.parse("2025-01-01T00:00:01Z"), Map.of("flow", "m³/h"));

    assertThat(Reading.fromJson(new JsonObject(reading.toJson().encode()))).isEqualTo(reading);
    assertThat(new Reading("pump-1", reading.ts(), 3, Map.of("flow", 3.5), reading.receivedAt()).toJson()
        .containsKey("units")).as("no units, no field").isFalse();
  }

  @Test
  void acceptsAWholeNumberMetricAsADouble() {
    JsonObject json = new Reading("d", Instant.EPOCH, 0, Map.of("t", 1.0), Instant.EPOCH).toJson();
    json.put("metrics", new JsonObject().put("t", 21));

    assertThat(Reading.fromJson(json).metrics()).containsEntry("t", 21.0);
  }

  @Test
  void rejectsJsonWithoutADevice() {
    JsonObject json = new Reading("d", Instant.EPOCH, 0, Map.of("t", 1.0), Instant.EPOCH).toJson();
    json.remove("deviceId");

    assertThatThrownBy(() -> Reading.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsJsonWithAMetricThatIsNotANumber() {
    JsonObject json = new Reading("d", Instant.EPOCH, 0, Map.of("t", 1.0), Instant.EPOCH).toJson();
    json.getJsonObject("metrics").put("t", "warm");

    assertThatThrownBy(() -> Reading.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
  }
}
