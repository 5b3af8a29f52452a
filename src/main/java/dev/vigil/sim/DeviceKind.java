package dev.vigil.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One kind of device in a scenario (energy meter, environment node, pump) and its share of the fleet. */
public record DeviceKind(String kind, String idPrefix, double weight, List<MetricSpec> metrics) {

  static DeviceKind fromJson(JsonObject json) {
    String kind = json.getString("kind", "device");
    JsonArray array = json.getJsonArray("metrics", new JsonArray());
    List<MetricSpec> metrics = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      MetricSpec metric = MetricSpec.fromJson(array.getJsonObject(i));
      if (metric.follows() != null && !seen.contains(metric.follows())) {
        throw new IllegalArgumentException(kind + "." + metric.name() + " follows '" + metric.follows()
            + "', which must be a metric listed before it");
      }
      if (!seen.add(metric.name())) {
        throw new IllegalArgumentException(kind + " lists metric '" + metric.name() + "' twice");
      }
      metrics.add(metric);
    }
    if (metrics.isEmpty() || metrics.size() > 64) {
      throw new IllegalArgumentException(kind + " must have 1 to 64 metrics, has " + metrics.size());
    }
    String prefix = json.getString("idPrefix", kind);
    if (!prefix.matches("[A-Za-z0-9_.:-]{1,48}")) {
      throw new IllegalArgumentException(kind + ": idPrefix must match [A-Za-z0-9_.:-]{1,48}, was '" + prefix + "'");
    }
    double weight = json.getDouble("weight", 1.0);
    if (!(weight > 0)) {
      throw new IllegalArgumentException(kind + ": weight must be positive");
    }
    return new DeviceKind(kind, prefix, weight, List.copyOf(metrics));
  }
}
