package dev.vigil.ingest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One validated reading of one device: the unit that flows from ingest to scoring, store and alerts.
 *
 * @param deviceId   the device, matching {@code [A-Za-z0-9_.:-]{1,64}}
 * @param ts         when the device measured it (or when the broker delivered it, if the device did not say)
 * @param seq        the device's sequence number, 0 when it sent none; with deviceId and ts the idempotency key
 * @param metrics    metric name to finite value, never empty (an immutable copy; no order is kept)
 * @param receivedAt when Vigil received it
 */
public record Reading(String deviceId, Instant ts, long seq, Map<String, Double> metrics, Instant receivedAt) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(receivedAt, "receivedAt");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
  }
}
