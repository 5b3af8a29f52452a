package dev.vigil.web;

import dev.vigil.auth.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads the JSON object of a write and its fields, each failure a 400 naming the field. */
final class Bodies {

  private Bodies() {
  }

  static JsonObject object(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank() || !text.trim().startsWith("{")) {
      throw ApiError.badParameter("body", "must be a JSON object");
    }
    return new JsonObject(text);
  }

  /** A string field, at most {@code max} characters; null when absent and not {@code required}. */
  static String string(JsonObject body, String field, int max, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiError.badParameter(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String text) || (required && text.isEmpty())) {
      throw ApiError.badParameter(field, "must be a non-empty string");
    }
    if (text.length() > max) {
      throw ApiError.badParameter(field, "must be at most " + max + " characters");
    }
    return text;
  }

  /** A role field (viewer, operator or admin); null when absent and not {@code required}. */
  static Role role(JsonObject body, boolean required) {
    String text = string(body, "role", 16, required);
    if (text == null) {
      return null;
    }
    return Role.parse(text).orElseThrow(() -> ApiError.badParameter("role", "must be viewer, operator or admin"));
  }
}
