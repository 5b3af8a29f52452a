package dev.vigil.web;

import dev.vigil.ingest.MetricNames;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses path and query parameters at the edge: each method returns the value or throws
 * {@link ApiError#badParameter} naming the parameter and why.
 */
final class Params {

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");

  private Params() {
  }

  static String deviceId(RoutingContext ctx, String name) {
    String id = ctx.pathParam(name);
    if (id == null || !DEVICE_ID.matcher(id).matches()) {
      throw ApiError.badParameter(name, "must match [A-Za-z0-9_.:-]{1,64}");
    }
    return id;
  }

  /** An optional device id in the query string; null when absent. */
  static String optionalDeviceId(RoutingContext ctx, String name) {
    String id = query(ctx, name);
    if (id != null && !DEVICE_ID.matcher(id).matches()) {
      throw ApiError.badParameter(name, "must match [A-Za-z0-9_.:-]{1,64}");
    }
    return id;
  }

  /** An optional metric name in the query string (the wire contract's rule, docs/wire-contract.md), else {@code fallback}. */
  static String metric(RoutingContext ctx, String name, String fallback) {
    String metric = query(ctx, name);
    if (metric == null) {
      return fallback;
    }
    if (!MetricNames.valid(metric)) {
      throw ApiError.badParameter(name, "must match " + MetricNames.RULE);
    }
    return metric;
  }

  static long positiveId(RoutingContext ctx, String name) {
    String text = ctx.pathParam(name);
    if (text == null || !DIGITS.matcher(text).matches() || Long.parseLong(text) < 1) {
      throw ApiError.badParameter(name, "must be a positive integer");
    }
    return Long.parseLong(text);
  }

  /** ISO-8601 instant (2025-01-01T10:00:00Z) or Unix epoch milliseconds; {@code fallback} when absent. */
  static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String text = query(ctx, name);
    if (text == null) {
      return fallback;
    }
    try {
      return DIGITS.matcher(text).matches() ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    } catch (DateTimeException e) {
      throw ApiError.badParameter(name, "must be an ISO-8601 instant such as 2025-01-01T10:00:00Z, or epoch milliseconds");
    }
  }

  /** Checks from < to and that the range spans at most {@code max}. */
  static void range(Instant from, Instant to, Duration max) {
    if (!from.isBefore(to)) {
      throw ApiError.badParameter("from", "must be before 'to'");
    }
    if (Duration.between(from, to).compareTo(max) > 0) {
      throw ApiError.badParameter("to", "range must not exceed " + max.toDays() + " days");
    }
  }

  static int integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String text = query(ctx, name);
    if (text == null) {
      return fallback;
    }
    if (!DIGITS.matcher(text).matches() || Long.parseLong(text) < min || Long.parseLong(text) > max) {
      throw ApiError.badParameter(name, "must be an integer from " + min + " to " + max);
    }
    return Integer.parseInt(text);
  }

  static double number(RoutingContext ctx, String name, double fallback, double min, double max) {
    String text = query(ctx, name);
    if (text == null) {
      return fallback;
    }
    try {
      double v = Double.parseDouble(text);
      if (Double.isFinite(v) && v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below with the same reason as an out-of-range number
    }
    throw ApiError.badParameter(name, "must be a number from " + min + " to " + max);
  }

  /** One of {@code allowed}, or null when absent. */
  static String oneOf(RoutingContext ctx, String name, Set<String> allowed) {
    String text = query(ctx, name);
    if (text != null && !allowed.contains(text)) {
      throw ApiError.badParameter(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return text;
  }

  /** The single value of a query parameter; null when absent or empty; 400 when repeated. */
  static String query(RoutingContext ctx, String name) {
    var values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ApiError.badParameter(name, "must be given once");
    }
    return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
