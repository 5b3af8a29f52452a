package dev.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Tells /health whether this instance reaches its infrastructure. The answer is
 * {@code {"database":{"status":"up"|"down",...},"broker":{"status":"up"|"down",...}}}; /health answers
 * 200 when both are "up", else 503, with that JSON as the body.
 */
@FunctionalInterface
public interface HealthProbe {

  Future<JsonObject> check();
}
