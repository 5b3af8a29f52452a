package dev.vigil.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;

/** Reads fields of submitted channel JSON, each failure an {@link InvalidChannelException} naming the field. */
final class Fields {

  static final int MAX_URL = 2048;

  private Fields() {
  }

  /** A required string of 1 to {@code max} characters. */
  static String text(JsonObject json, String path, String name, int max) {
    Object value = json.getValue(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new InvalidChannelException(path, "is required (a string)");
    }
    if (s.length() > max) {
      throw new InvalidChannelException(path, "must be at most " + max + " characters");
    }
    return s.trim();
  }

  /** An optional string: null when absent. */
  static String optionalText(JsonObject json, String path, String name, int max) {
    return json.getValue(name) == null ? null : text(json, path, name, max);
  }

  /** An optional object: null when absent. */
  static JsonObject object(JsonObject json, String path, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      throw new InvalidChannelException(path, "must be a JSON object");
    }
    return o;
  }

  /** An optional array of at most {@code max} entries; empty when absent. */
  static JsonArray array(JsonObject json, String path, String name, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray a)) {
      throw new InvalidChannelException(path, "must be an array");
    }
    if (a.size() > max) {
      throw new InvalidChannelException(path, "must have at most " + max + " entries");
    }
    return a;
  }

  /** A whole number from min to max. */
  static int integer(JsonObject json, String path, String name, int min, int max) {
    Object value = json.getValue(name);
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min
        || n.doubleValue() > max) {
      throw new InvalidChannelException(path, "must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  /** An absolute http(s) URL with a host, without user info (credentials belong in a token field). */
  static String url(JsonObject json, String path, String name) {
    String text = text(json, path, name, MAX_URL);
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null) {
        return text;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new InvalidChannelException(path, "must be an absolute http:// or https:// URL with a host");
  }
}
