package dev.vigil.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One alert as stored. Its {@link #toJson()} is the contract shared by browsers, the REST API and
 * MQTT {@code alerts/{deviceId}}.
 *
 * @param kind        threshold, anomaly, offline or drift
 * @param metric      the metric it is about; "" when it is about the whole device (anomaly, offline)
 * @param ruleId      the threshold rule that raised it, else null
 * @param state       open, acked or cleared
 * @param value       latest offending value (threshold: the metric; anomaly: the top contributor; drift: PSI)
 * @param threshold   the rule's value (threshold) or the warning level crossed (drift), else null
 * @param score       calibrated anomaly score (anomaly) or KS statistic (drift), else null
 * @param explanation array of {metric, value, expectedLow, expectedHigh, share}; empty unless anomaly
 * @param occurrences readings (or events) that raised or repeated it while it was live
 */
public record Alert(long id, String deviceId, String kind, String metric, Long ruleId, String severity, String state,
    String message, Double value, Double threshold, Double score, JsonArray explanation, int occurrences,
    Instant openedAt, Instant updatedAt, Instant ackedAt, Instant clearedAt) {

  public static final String THRESHOLD = "threshold";
  public static final String ANOMALY = "anomaly";
  public static final String OFFLINE = "offline";
  public static final String DRIFT = "drift";

  public static final String OPEN = "open";
  public static final String ACKED = "acked";
  public static final String CLEARED = "cleared";

  public Alert {
    explanation = explanation == null ? new JsonArray() : explanation;
    metric = metric == null ? "" : metric;
  }

  /** Field names exactly as documented; instants in ISO-8601 (UTC); absent values as JSON null. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("deviceId", deviceId)
        .put("kind", kind)
        .put("metric", metric)
        .put("ruleId", ruleId)
        .put("severity", severity)
        .put("state", state)
        .put("message", message)
        .put("value", value)
        .put("threshold", threshold)
        .put("score", score)
        .put("explanation", explanation.copy())
        .put("occurrences", occurrences)
        .put("openedAt", iso(openedAt))
        .put("updatedAt", iso(updatedAt))
        .put("ackedAt", iso(ackedAt))
        .put("clearedAt", iso(clearedAt));
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
