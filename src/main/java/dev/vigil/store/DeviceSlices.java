package dev.vigil.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's device keys cut into at most {@link #MOST} slices of consecutive keys, for a rollup pass that
 * takes a slice per statement: a small fleet gets a statement per device, a large one a few hundred devices
 * per statement rather than thousands of statements.
 */
final class DeviceSlices {

  static final int MOST = 32;

  private DeviceSlices() {
  }

  static List<Integer[]> of(List<Integer> keys) {
    int size = Math.max(1, (keys.size() + MOST - 1) / MOST);
    List<Integer[]> slices = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += size) {
      slices.add(keys.subList(from, Math.min(keys.size(), from + size)).toArray(Integer[]::new));
    }
    return slices;
  }
}
