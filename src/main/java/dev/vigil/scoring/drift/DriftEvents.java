package dev.vigil.scoring.drift;

import io.vertx.core.json.JsonObject;

/**
 * The drift event on {@code Addresses.DRIFT}: {@code {deviceId, metric, change: open|update|clear,
 * severity: low|medium|high, mean, low, high, beyond, since, at}} (instants ISO-8601), one per
 * metric and {@link DriftAlarm#BUCKET} while a drift lasts.
 */
public final class DriftEvents {

  private DriftEvents() {
  }

  public static JsonObject toJson(DriftAlarm.Event e) {
    return new JsonObject().put("deviceId", e.deviceId()).put("metric", e.metric())
        .put("change", e.change().name().toLowerCase(java.util.Locale.ROOT)).put("severity", e.severity().wire())
        .put("mean", e.mean()).put("low", e.low()).put("high", e.high()).put("beyond", e.beyond())
        .put("since", e.since().toString()).put("at", e.at().toString());
  }
}
