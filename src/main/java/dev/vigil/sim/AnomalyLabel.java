package dev.vigil.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What was injected, where and when: the ground truth that detection is scored against. {@code
 * start} and {@code end} are the timestamps of the first and last affected reading (inclusive);
 * {@code metric} is "*" when the whole device went silent.
 */
public record AnomalyLabel(String deviceId, AnomalyKind kind, Instant start, Instant end, String metric) {

  public static final String ALL_METRICS = "*";

  public JsonObject toJson() {
    return new JsonObject()
        .put("deviceId", deviceId)
        .put("kind", kind.label())
        .put("start", start.toString())
        .put("end", end.toString())
        .put("metric", metric);
  }

  public static AnomalyLabel fromJson(JsonObject json) {
    return new AnomalyLabel(json.getString("deviceId"), AnomalyKind.fromLabel(json.getString("kind")),
        Instant.parse(json.getString("start")), Instant.parse(json.getString("end")), json.getString("metric"));
  }

  /** True when the reading at {@code ts} lies inside this anomaly. */
  public boolean covers(Instant ts) {
    return !ts.isBefore(start) && !ts.isAfter(end);
  }
}
