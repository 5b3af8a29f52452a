package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The detectors of one scoring lane: one per device and set of metrics it sends (a device that
 * sometimes sends fewer metrics gets a second detector for that set, rather than gaps in one).
 * Not thread-safe: owned by its lane.
 */
public final class DetectorPool {

  private final DetectorSettings settings;
  private final Map<String, List<Entry>> byDevice = new HashMap<>();

  private record Entry(Set<String> metrics, DeviceDetector detector) {
  }

  private final Consumer<DeviceDetector> onCreate;

  public DetectorPool(DetectorSettings settings) {
    this(settings, detector -> { });
  }

  /** @param onCreate called with each new detector (the lane uses it to reload a stored model) */
  public DetectorPool(DetectorSettings settings, Consumer<DeviceDetector> onCreate) {
    this.settings = settings;
    this.onCreate = onCreate;
  }

  /** The detector for this reading's device and metric set, created on first sight. */
  public DeviceDetector detectorFor(Reading reading) {
    List<Entry> entries = byDevice.computeIfAbsent(reading.deviceId(), id -> new ArrayList<>(1));
    Set<String> metrics = reading.metrics().keySet();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.metrics.equals(metrics)) {
        return e.detector;
      }
    }
    List<String> names = new ArrayList<>(new TreeSet<>(metrics));
    DeviceDetector detector = new DeviceDetector(keyOf(reading.deviceId(), names), names, settings);
    entries.add(new Entry(Set.copyOf(names), detector));
    onCreate.accept(detector);
    return detector;
  }

  /** The registry key of a device's detector for a metric set: deviceId|metric,metric (sorted). */
  public static String keyOf(String deviceId, List<String> sortedMetrics) {
    return deviceId + "|" + String.join(",", sortedMetrics);
  }

  /**
   * Drops the detectors of every device {@code moved} accepts (devices another cluster member now
   * owns), so that if one comes back it starts from the registry's latest model, not from a stale
   * window. Returns how many devices were dropped.
   */
  public int forgetDevices(Predicate<String> moved) {
    int before = byDevice.size();
    byDevice.keySet().removeIf(moved);
    return before - byDevice.size();
  }

  public int size() {
    return byDevice.values().stream().mapToInt(List::size).sum();
  }
}
