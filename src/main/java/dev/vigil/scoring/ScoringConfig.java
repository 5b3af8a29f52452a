package dev.vigil.scoring;

import java.time.Duration;

/**
 * @param lanes       ordered scoring lanes (worker verticles)
 * @param warmup      readings a detector learns from before it judges
 * @param threshold   calibrated score at or above which a reading is anomalous
 * @param maxDevices  devices the instance keeps detectors for (0: sized from the heap, {@link DeviceBudget})
 * @param deviceIdle  silence after which a device's detectors are dropped (restored from the registry later)
 */
public record ScoringConfig(int lanes, int warmup, double threshold, int maxDevices, Duration deviceIdle) {

  /** The defaults of scoring.devices.max and scoring.devices.idle.s. */
  public ScoringConfig(int lanes, int warmup, double threshold) {
    this(lanes, warmup, threshold, 0, Duration.ofSeconds(900));
  }
}
