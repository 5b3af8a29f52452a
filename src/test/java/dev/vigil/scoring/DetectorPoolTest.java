package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorPoolTest {

  private final List<DeviceDetector> created = new ArrayList<>();
  private final DetectorPool pool = new DetectorPool(DetectorSettings.of(120, 0.95), created::add);

  @Test
  void forgettingADeviceThatMovedAwayDropsAllItsDetectorsAndABackComingDeviceStartsAfresh() {
    DeviceDetector stayingBefore = pool.detectorFor(reading("stays", Map.of("t", 1.0)));
    DeviceDetector moving = pool.detectorFor(reading("moves", Map.of("t", 1.0)));
    pool.detectorFor(reading("moves", Map.of("t", 1.0, "h", 2.0)));

    int forgotten = pool.forgetDevices("moves"::equals);

    assertThat(forgotten).isEqualTo(1);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.detectorFor(reading("stays", Map.of("t", 1.0)))).isSameAs(stayingBefore);
    DeviceDetector back = pool.detectorFor(reading("moves", Map.of("t", 1.0)));
    assertThat(back).isNotSameAs(moving);
    assertThat(created).as("the new detector is announced, so the lane reloads its stored model").endsWith(back);
  }

  private static Reading reading(String deviceId, Map<String, Double> metrics) {
    return new Reading(deviceId, Instant.parse("2024-01-01T00:00:00Z"), 0, metrics, Instant.now());
  }
}
