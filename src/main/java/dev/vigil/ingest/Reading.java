package dev.vigil.ingest;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One validated reading of one device: the unit that flows from ingest to scoring, store and alerts.
 * Within an instance it travels as this record; to the instance that owns its device (in a
 * cluster) as {@link #toJson()}.
 *
 * @param deviceId   the device, matching {@code [A-Za-z0-9_.:-]{1,64}}
 * @param ts         when the device measured it (or when the broker delivered it, if the device did not say)
 * @param seq        the device's sequence number, 0 when it sent none; with deviceId and ts the idempotency key
 * @param metrics    metric name to finite value, never empty (an immutable copy; no order is kept)
 * @param receivedAt when Vigil received it
 * @param units      the unit the device declared for some of its metrics ({@code "units"} on the wire), often none
 */
public record Reading(String deviceId, Instant ts, long seq, Map<String, Double> metrics, Instant receivedAt,
    Map<String, String> units) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(receivedAt, "receivedAt");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics"));
    units = units == null || units.isEmpty() ? Map.of() : Map.copyOf(units);
  }

  /** A reading whose device declared no units (their names' suffixes tell them: docs/wire-contract.md). */
  public Reading(String deviceId, Instant ts, long seq, Map<String, Double> metrics, Instant receivedAt) {
    this(deviceId, ts, seq, metrics, receivedAt, Map.of());
  }

  /**
   * The cluster form, {@code {"deviceId", "ts", "seq", "metrics": {...}, "receivedAt", "units"?}}, instants as
   * ISO-8601 (nanoseconds kept); {@link #fromJson} reads it back to an equal record.
   */
  public JsonObject toJson() {
    JsonObject values = new JsonObject();
    metrics.forEach(values::put);
    JsonObject json = new JsonObject()
        .put("deviceId", deviceId)
        .put("ts", ts.toString())
        .put("seq", seq)
        .put("metrics", values)
        .put("receivedAt", receivedAt.toString());
    if (!units.isEmpty()) {
      JsonObject declared = new JsonObject();
      units.forEach(declared::put);
      json.put("units", declared);
    }
    return json;
  }

  /** Reads {@link #toJson()}'s form; a missing or mistyped field is an {@link IllegalArgumentException}. */
  public static Reading fromJson(JsonObject json) {
    try {
      JsonObject values = json.getJsonObject("metrics");
      Map<String, Double> metrics = new HashMap<>();
      for (String name : values.fieldNames()) {
        metrics.put(name, values.getDouble(name));
      }
      Map<String, String> units = new HashMap<>();
      JsonObject declared = json.getJsonObject("units", new JsonObject());
      for (String name : declared.fieldNames()) {
        units.put(name, declared.getString(name));
      }
      return new Reading(json.getString("deviceId"), Instant.parse(json.getString("ts")), json.getLong("seq"),
          metrics, Instant.parse(json.getString("receivedAt")), units);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a reading: " + e.getMessage(), e);
    }
  }
}
