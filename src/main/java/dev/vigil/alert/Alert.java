package dev.vigil.alert;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
 * @param explanation array of {metric, value, expectedLow, expectedHigh, share, since, at}; anomaly and drift only
 * @param occurrences readings (or events) that raised or repeated it while it was live
 *
 * <p>Its JSON rounds measured numbers (value, score, a drift's threshold, the explanation's numbers) to
 * meaningful digits with {@link Digits}; a threshold rule's value is kept as the user typed it.
 *
 * <p>Its JSON adds what a person asks first: {@code startedAt} (when the condition began),
 * {@code lastedSeconds} (how long it has lasted so far, or lasted) and {@code carriedBy}, the
 * metrics that carry it, strongest first (an anomaly's explanation; the metric of a threshold or
 * drift alert). Anomaly and drift explanations carry {@code since} and {@code at} in device time.
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
    return toJson(Instant.now());
  }

  /** The JSON as of {@code now} (a live alert's {@code lastedSeconds} grows with it). */
  public JsonObject toJson(Instant now) {
    return new JsonObject()
        .put("id", id)
        .put("deviceId", deviceId)
        .put("kind", kind)
        .put("metric", metric)
        .put("ruleId", ruleId)
        .put("severity", severity)
        .put("state", state)
        .put("message", message)
        .put("value", Digits.round(value))
        .put("threshold", THRESHOLD.equals(kind) ? threshold : Digits.round(threshold))
        .put("score", Digits.round(score))
        .put("explanation", rounded(explanation))
        .put("occurrences", occurrences)
        .put("openedAt", iso(openedAt))
        .put("updatedAt", iso(updatedAt))
        .put("ackedAt", iso(ackedAt))
        .put("clearedAt", iso(clearedAt))
        .put("startedAt", iso(startedAt()))
        .put("lastedSeconds", lastedSeconds(now))
        .put("carriedBy", carriedBy());
  }

  /**
   * When the condition began, in the device's time: the {@code since} its explanation carries (an
   * anomaly's first anomalous reading, a drift's first bucket out of range), else when it opened.
   */
  public Instant startedAt() {
    Instant since = explained("since");
    return since != null ? since : openedAt;
  }

  /**
   * How long the condition has lasted, in seconds: in the device's time from {@code since} to the
   * latest reading that repeated it ({@code at}) when the explanation carries both; else from opening
   * to clearing, or to {@code now} while live. Never negative.
   */
  public long lastedSeconds(Instant now) {
    Instant since = explained("since");
    Instant at = explained("at");
    if (since != null && at != null) {
      return Math.max(0, Duration.between(since, at).toSeconds());
    }
    Instant end = clearedAt != null ? clearedAt : now;
    return openedAt == null || end == null ? 0 : Math.max(0, Duration.between(openedAt, end).toSeconds());
  }

  private Instant explained(String field) {
    if (!explanation.isEmpty() && explanation.getValue(0) instanceof JsonObject first
        && first.getValue(field) instanceof String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** The metrics carrying the alert, strongest first: an anomaly's explanation, else its own metric. */
  public JsonArray carriedBy() {
    JsonArray metrics = new JsonArray();
    for (int i = 0; i < explanation.size(); i++) {
      Object entry = explanation.getValue(i);
      if (entry instanceof JsonObject c && c.getValue("metric") instanceof String m && !metrics.contains(m)) {
        metrics.add(m);
      }
    }
    if (metrics.isEmpty() && !metric.isEmpty()) {
      metrics.add(metric);
    }
    return metrics;
  }

  /** The explanation with its measured numbers rounded by {@link Digits} (a rule's own value is never in it). */
  private static JsonArray rounded(JsonArray explanation) {
    JsonArray out = new JsonArray();
    for (Object entry : explanation) {
      if (entry instanceof JsonObject c) {
        JsonObject copy = c.copy();
        c.forEach(field -> {
          if (field.getValue() instanceof Number n && !(n instanceof Integer || n instanceof Long)) {
            copy.put(field.getKey(), Digits.round(n.doubleValue()));
          }
        });
        out.add(copy);
      } else {
        out.add(entry);
      }
    }
    return out;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
