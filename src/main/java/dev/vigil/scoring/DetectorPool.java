package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The detectors of one scoring lane: one per device and set of metrics it sends (a device that
 * sometimes sends fewer metrics gets a second detector for that set, rather than gaps in one).
 *
 * <p>Memory is bounded: a device takes a place in the instance's {@link DeviceBudget} while it has
 * detectors; a new device finds no place once the budget is spent ({@link #admit} says no, and the
 * lane refuses its readings); a device silent for {@code idle} gives its place and its detectors back
 * (least recently read first), and on its next reading gets a new detector, which the lane restores
 * from the model registry ({@code onCreate}). Not thread-safe: owned by its lane.
 */
public final class DetectorPool {

  private final DetectorSettings settings;
  private final Consumer<DeviceDetector> onCreate;
  private final DeviceBudget budget;
  private final long idleNanos;
  private final LongSupplier clock;
  /** Access order: the least recently read device first, so idle ones are found at the head. */
  private final LinkedHashMap<String, Device> byDevice = new LinkedHashMap<>(16, 0.75f, true);
  private Consumer<DeviceDetector> onDrop = detector -> { };
  private long evicted;

  private record Entry(Set<String> metrics, DeviceDetector detector) {
  }

  private static final class Device {
    final List<Entry> entries = new ArrayList<>(1);
    long lastReadingAt;
  }

  /** A pool without limits (evaluation harnesses, tests). */
  public DetectorPool(DetectorSettings settings) {
    this(settings, detector -> { });
  }

  /** @param onCreate called with each new detector (the lane uses it to reload a stored model) */
  public DetectorPool(DetectorSettings settings, Consumer<DeviceDetector> onCreate) {
    this(settings, onCreate, DeviceBudget.unlimited(), Duration.ofNanos(Long.MAX_VALUE), System::nanoTime);
  }

  /**
   * @param budget the instance's places for devices, shared by its lanes
   * @param idle   silence after which a device's detectors are dropped
   */
  public DetectorPool(DetectorSettings settings, Consumer<DeviceDetector> onCreate, DeviceBudget budget,
      Duration idle) {
    this(settings, onCreate, budget, idle, System::nanoTime);
  }

  DetectorPool(DetectorSettings settings, Consumer<DeviceDetector> onCreate, DeviceBudget budget, Duration idle,
      LongSupplier clock) {
    this.settings = settings;
    this.onCreate = onCreate;
    this.budget = budget;
    this.idleNanos = idle.toNanos();
    this.clock = clock;
  }

  /**
   * Whether this device may be scored: it has detectors, or, after idle devices gave theirs back, the
   * budget has a place for it (then taken, so a later {@link #detectorFor} cannot be refused).
   */
  public boolean admit(String deviceId) {
    evictIdle();
    if (byDevice.containsKey(deviceId)) {
      return true;
    }
    if (!budget.tryTake()) {
      return false;
    }
    byDevice.put(deviceId, new Device());
    return true;
  }

  /** The detector for this reading's device and metric set, created on first sight. */
  public DeviceDetector detectorFor(Reading reading) {
    if (!admit(reading.deviceId())) {
      throw new IllegalStateException("no place for device " + reading.deviceId() + ": " + budget.describe());
    }
    Device device = byDevice.get(reading.deviceId());
    device.lastReadingAt = clock.getAsLong();
    Set<String> metrics = reading.metrics().keySet();
    for (int i = 0; i < device.entries.size(); i++) {
      Entry e = device.entries.get(i);
      if (e.metrics.equals(metrics)) {
        return e.detector;
      }
    }
    List<String> names = new ArrayList<>(new TreeSet<>(metrics));
    DeviceDetector detector = new DeviceDetector(keyOf(reading.deviceId(), names), names, settings);
    device.entries.add(new Entry(Set.copyOf(names), detector));
    onCreate.accept(detector);
    return detector;
  }

  /**
   * Tells {@code listener} about every detector dropped, idle or moved away, so that state the lane
   * keeps beside a detector goes with it (else memory would grow with every device ever seen).
   */
  public void whenDropped(Consumer<DeviceDetector> listener) {
    this.onDrop = listener;
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
    int dropped = 0;
    Iterator<Map.Entry<String, Device>> all = byDevice.entrySet().iterator();
    while (all.hasNext()) {
      Map.Entry<String, Device> device = all.next();
      if (moved.test(device.getKey())) {
        all.remove();
        dropped(device.getValue());
        dropped++;
      }
    }
    budget.giveBack(dropped);
    return dropped;
  }

  private void dropped(Device device) {
    device.entries.forEach(entry -> onDrop.accept(entry.detector));
  }

  /** Drops the devices silent for longer than the idle time, least recently read first. */
  private void evictIdle() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<String, Device>> lru = byDevice.entrySet().iterator();
    while (lru.hasNext()) {
      Device oldest = lru.next().getValue();
      // A device admitted but not read yet has lastReadingAt 0 only until detectorFor runs, on this turn.
      if (oldest.entries.isEmpty() || now - oldest.lastReadingAt < idleNanos) {
        return;
      }
      lru.remove();
      dropped(oldest);
      budget.giveBack(1);
      evicted++;
    }
  }

  /** Detectors held (a device with two metric sets counts twice). */
  public int size() {
    return byDevice.values().stream().mapToInt(d -> d.entries.size()).sum();
  }

  /** Devices holding a place. */
  public int devices() {
    return byDevice.size();
  }

  DeviceBudget budget() {
    return budget;
  }

  /** Devices dropped for idleness since the lane started. */
  public long evicted() {
    return evicted;
  }
}
