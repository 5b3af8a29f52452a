package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void payloadIsTheIssuesReadingWithTheRequestedMetrics() {
    LoadGenerator generator = new LoadGenerator(null, null, new LoadSpec("devices", "bench-v-", 1, 5, 0, 0, 0));
    Instant ts = Instant.parse("2026-11-30T06:00:00.123456Z");

    JsonObject reading = new JsonObject(generator.payload(ts, 42));

    assertThat(reading.getString("ts")).isEqualTo("2026-11-30T06:00:00.123456Z");
    assertThat(reading.getLong("seq")).isEqualTo(42);
    assertThat(reading.getJsonObject("metrics").fieldNames())
        .containsExactlyInAnyOrder("power_w", "voltage", "current", "m3", "m4");
    assertThat(reading.getJsonObject("metrics").getDouble("power_w")).isBetween(70.0, 134.0);
  }
}
