package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeviceSlicesTest {

  @Test
  void givesEachDeviceOfASmallFleetItsOwnSlice() {
    List<Integer[]> slices = DeviceSlices.of(keys(1, 20));
    assertThat(slices).hasSize(20);
    assertThat(slices).allSatisfy(slice -> assertThat(slice).hasSize(1));
  }

  @Test
  void cutsALargeFleetIntoAtMost32SlicesOfConsecutiveKeysCoveringEachKeyOnce() {
    List<Integer[]> slices = DeviceSlices.of(keys(1, 500));
    assertThat(slices).hasSizeLessThanOrEqualTo(DeviceSlices.MOST);
    assertThat(slices.get(0)).containsExactly(IntStream.rangeClosed(1, 16).boxed().toArray(Integer[]::new));
    assertThat(slices.stream().flatMap(Arrays::stream).toList()).isEqualTo(keys(1, 500));
  }

  @Test
  void hasNoSliceForAFleetWithoutDevices() {
    assertThat(DeviceSlices.of(List.of())).isEmpty();
  }

  private static List<Integer> keys(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().toList();
  }
}
