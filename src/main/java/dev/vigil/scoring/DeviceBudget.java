package dev.vigil.scoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many devices one instance keeps detectors for, shared by its scoring lanes (each lane runs on
 * its own worker thread, hence the atomics). A device holds a place while it has detectors; past the
 * limit a new device id is refused ({@link DeviceLimit}) rather than growing the heap until an
 * OutOfMemoryError takes every device down.
 */
public final class DeviceBudget implements Shareable {

  /** Heap one device's detectors take, rounded up from docs/benchmarks.md (70 KiB with 1 metric, 157 with 4). */
  public static final long BYTES_PER_DEVICE = 128 * 1024;
  /** Share of the maximum heap the automatic limit gives to detectors. */
  static final double HEAP_SHARE = 0.4;
  private static final String SHARED_MAP = "vigil.scoring";
  private static final String KEY = "device-budget";

  private final int max;
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();

  public DeviceBudget(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a device budget needs at least one place, was " + max);
    }
    this.max = max;
  }

  static DeviceBudget unlimited() {
    return new DeviceBudget(Integer.MAX_VALUE);
  }

  /** The limit for a configured value: itself, or with 0, what {@link #HEAP_SHARE} of the heap holds. */
  public static int limitFor(int configured, long maxHeapBytes) {
    return configured > 0 ? configured : (int) Math.max(100, maxHeapBytes * HEAP_SHARE / BYTES_PER_DEVICE);
  }

  /**
   * Makes this the budget of every lane {@code vertx} deploys (call before deploying them) and shows it
   * in /metrics.
   */
  public DeviceBudget install(Vertx vertx, MeterRegistry registry) {
    vertx.sharedData().getLocalMap(SHARED_MAP).put(KEY, this);
    Gauge.builder("vigil.scoring.devices", held, AtomicInteger::get)
        .description("Devices this instance keeps detectors for").register(registry);
    Gauge.builder("vigil.scoring.devices.max", () -> max)
        .description("Most devices this instance keeps detectors for (scoring.devices.max)").register(registry);
    FunctionCounter.builder("vigil.scoring.devices.refused", refused, AtomicLong::get)
        .description("Readings refused (dead-lettered with reason device_limit) because the device limit was reached")
        .register(registry);
    return this;
  }

  /** The budget installed on {@code vertx}, or else one of its own for a lane deployed alone (tests). */
  public static DeviceBudget of(Vertx vertx, ScoringConfig config) {
    return (DeviceBudget) vertx.sharedData().getLocalMap(SHARED_MAP).computeIfAbsent(KEY,
        k -> new DeviceBudget(limitFor(config.maxDevices(), Runtime.getRuntime().maxMemory())));
  }

  boolean tryTake() {
    while (true) {
      int now = held.get();
      if (now >= max) {
        return false;
      }
      if (held.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void giveBack(int places) {
    held.addAndGet(-places);
  }

  void countRefusal() {
    refused.incrementAndGet();
  }

  public int max() {
    return max;
  }

  public int held() {
    return held.get();
  }

  public long refused() {
    return refused.get();
  }

  String describe() {
    return held.get() + " of " + max + " device places taken (scoring.devices.max)";
  }
}
