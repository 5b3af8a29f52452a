package dev.vigil.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** One reading of a simulated device, in the wire format of ARCHITECTURE.md §3. */
public record Sample(Instant ts, long seq, Map<String, Double> metrics) {

  public JsonObject toJson() {
    JsonObject values = new JsonObject();
    metrics.forEach(values::put);
    return new JsonObject().put("ts", ts.toString()).put("seq", seq).put("metrics", values);
  }
}
