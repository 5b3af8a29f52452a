package dev.vigil.alert;

import io.vertx.core.json.JsonArray;
import java.util.Objects;

/**
 * What a detector or rule wants raised; {@link dev.vigil.store.AlertStore#raise(NewAlert)} turns it into
 * a new live alert or repeats the live one of the same device, kind and metric.
 */
public record NewAlert(String deviceId, String kind, String metric, Long ruleId, Severity severity, String message,
    Double value, Double threshold, Double score, JsonArray explanation) {

  public NewAlert {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    metric = metric == null ? "" : metric;
  }
}
