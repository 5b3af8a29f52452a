package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import java.time.Duration;
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

  @Test
  void aDeviceSilentForTheIdleTimeIsDroppedAndItsNextReadingGetsANewDetectorAnnouncedForRestore() {
    long[] now = {0};
    DeviceBudget budget = new DeviceBudget(10);
    DetectorPool lane = new DetectorPool(DetectorSettings.of(120, 0.95), created::add, budget, Duration.ofMinutes(15),
        () -> now[0]);
    DeviceDetector before = lane.detectorFor(reading("quiet", Map.of("t", 1.0)));
    now[0] += Duration.ofMinutes(10).toNanos();
    lane.detectorFor(reading("busy", Map.of("t", 1.0)));
    now[0] += Duration.ofMinutes(6).toNanos();

    DeviceDetector busy = lane.detectorFor(reading("busy", Map.of("t", 2.0)));

    assertThat(lane.devices()).as("quiet was silent 16 min, busy 6 min").isEqualTo(1);
    assertThat(lane.evicted()).isEqualTo(1);
    assertThat(budget.held()).isEqualTo(1);
    DeviceDetector after = lane.detectorFor(reading("quiet", Map.of("t", 1.0)));
    assertThat(after).isNotSameAs(before);
    assertThat(created).as("announced, so the lane restores the stored model instead of warming up").endsWith(after);
    assertThat(lane.detectorFor(reading("busy", Map.of("t", 3.0)))).isSameAs(busy);
  }

  @Test
  void announcesEveryDetectorDroppedForIdlenessOrMovedAwaySoStateBesideItGoesToo() {
    long[] now = {0};
    List<DeviceDetector> dropped = new ArrayList<>();
    DetectorPool lane = new DetectorPool(DetectorSettings.of(120, 0.95), d -> { }, new DeviceBudget(10),
        Duration.ofMinutes(15), () -> now[0]);
    lane.whenDropped(dropped::add);
    DeviceDetector quietAll = lane.detectorFor(reading("quiet", Map.of("t", 1.0, "h", 2.0)));
    DeviceDetector quietOne = lane.detectorFor(reading("quiet", Map.of("t", 1.0)));
    DeviceDetector moving = lane.detectorFor(reading("moves", Map.of("t", 1.0)));
    now[0] += Duration.ofMinutes(10).toNanos();
    lane.detectorFor(reading("moves", Map.of("t", 1.0))); // moves keeps reading: not idle
    now[0] += Duration.ofMinutes(6).toNanos();

    lane.detectorFor(reading("other", Map.of("t", 1.0)));
    assertThat(dropped).as("quiet, silent 16 min, with both its metric sets").containsExactly(quietAll, quietOne);

    lane.forgetDevices("moves"::equals);
    assertThat(dropped).as("then the device that moved away").containsExactly(quietAll, quietOne, moving);
  }

  @Test
  void aNewDeviceIsRefusedOnceTheInstanceBudgetIsSpentAcrossLanesAndAdmittedWhenAnIdleOneLeaves() {
    long[] now = {0};
    DeviceBudget budget = new DeviceBudget(2);
    DetectorPool lane0 = new DetectorPool(DetectorSettings.of(120, 0.95), d -> { }, budget, Duration.ofSeconds(60),
        () -> now[0]);
    DetectorPool lane1 = new DetectorPool(DetectorSettings.of(120, 0.95), d -> { }, budget, Duration.ofSeconds(60),
        () -> now[0]);
    lane0.detectorFor(reading("a", Map.of("t", 1.0)));
    lane1.detectorFor(reading("b", Map.of("t", 1.0)));

    assertThat(lane0.admit("c")).as("two places, both taken").isFalse();
    assertThat(lane0.admit("a")).as("a known device is always scored").isTrue();
    now[0] += Duration.ofSeconds(30).toNanos();
    lane0.detectorFor(reading("a", Map.of("t", 2.0)));
    now[0] += Duration.ofSeconds(31).toNanos();
    assertThat(lane1.admit("c")).as("b has been silent 61 s and gives its place back").isTrue();
    assertThat(lane1.devices()).isEqualTo(1);
    assertThat(budget.held()).isEqualTo(2);
    assertThat(lane0.admit("d")).as("a read 31 s ago is not idle").isFalse();
  }

  @Test
  void forgettingDevicesGivesTheirPlacesBack() {
    DeviceBudget budget = new DeviceBudget(1);
    DetectorPool lane = new DetectorPool(DetectorSettings.of(120, 0.95), d -> { }, budget, Duration.ofHours(1));
    lane.detectorFor(reading("moves", Map.of("t", 1.0)));
    assertThat(lane.admit("new")).isFalse();

    lane.forgetDevices("moves"::equals);

    assertThat(lane.admit("new")).isTrue();
  }

  @Test
  void theAutomaticLimitHoldsFortyPercentOfTheHeapAtTheMeasuredCostPerDevice() {
    assertThat(DeviceBudget.limitFor(0, 1024L * 1024 * 1024)).isEqualTo(3276);
    assertThat(DeviceBudget.limitFor(5000, 1024L * 1024 * 1024)).isEqualTo(5000);
    assertThat(DeviceBudget.limitFor(0, 16L * 1024 * 1024)).as("never below 100").isEqualTo(100);
  }

  private static Reading reading(String deviceId, Map<String, Double> metrics) {
    return new Reading(deviceId, Instant.parse("2024-01-01T00:00:00Z"), 0, metrics, Instant.now());
  }
}
