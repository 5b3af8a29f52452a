package dev.vigil.scoring.drift;

import io.vertx.core.json.JsonObject;

/** One metric's drift between its model's training window and recent readings. */
public record DriftReport(String deviceId, String detectorKey, String metric, int modelVersion, double psi,
    double ks, DriftLevel level, int referenceRows, int recentRows) {

  /** The report as JSON: {deviceId, metric, psi, ks, level}. */
  public JsonObject toEvent() {
    return new JsonObject().put("deviceId", deviceId).put("metric", metric).put("psi", psi).put("ks", ks)
        .put("level", level.label());
  }
}
