package dev.vigil.web;

import dev.vigil.alert.InvalidRuleException;
import dev.vigil.auth.LastAdminException;
import dev.vigil.energy.InvalidEnergyInput;
import dev.vigil.store.DuplicateRuleException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of an /api route becomes a JSON error: the database being away answers 503 with the reason
 * and {@code Retry-After} (logged once in a while, not per request); other unexpected ones are logged and
 * answer 500.
 */
final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  /** Seconds a client should wait before retrying while the database is away (the pool retries meanwhile). */
  static final int RETRY_AFTER_SECONDS = 5;
  private static final long UNAVAILABLE_LOG_INTERVAL_MS = 10_000;
  private final long maxBodyBytes;
  private long lastUnavailableLogAt;

  ErrorHandler(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ApiError error = translate(ctx);
    if (error.status() == 503) {
      ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }
    Responses.json(ctx, error.status(), error.toJson());
  }

  private ApiError translate(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError api) {
      return api;
    }
    var unavailable = failure == null ? java.util.Optional.<String>empty() : DatabaseUnavailable.reason(failure);
    if (unavailable.isPresent()) {
      logUnavailable(ctx, unavailable.get());
      return ApiError.unavailable(unavailable.get());
    }
    if (failure instanceof InvalidRuleException invalid) {
      return ApiError.badParameter(invalid.field(), invalid.reason());
    }
    if (failure instanceof InvalidEnergyInput invalid) {
      return ApiError.badParameter(invalid.field(), invalid.getMessage());
    }
    if (failure instanceof LastAdminException last) {
      return ApiError.conflict(last.getMessage());
    }
    if (failure instanceof DuplicateRuleException duplicate) {
      return ApiError.conflict(duplicate.getMessage());
    }
    if (failure instanceof DecodeException) {
      return ApiError.badParameter("body", "must be a JSON object");
    }
    if (failure == null && ctx.statusCode() == 413) {
      return ApiError.tooLarge(maxBodyBytes);
    }
    LOG.error("{} {} failed (status {})", ctx.request().method(), ctx.request().path(), ctx.statusCode(), failure);
    return failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500
        ? statusOnly(ctx.statusCode())
        : ApiError.internal();
  }

  private void logUnavailable(RoutingContext ctx, String reason) {
    long now = System.currentTimeMillis();
    if (now - lastUnavailableLogAt >= UNAVAILABLE_LOG_INTERVAL_MS) {
      lastUnavailableLogAt = now;
      LOG.warn("{} {} answered 503: {}", ctx.request().method(), ctx.request().path(), reason);
    }
  }

  private static ApiError statusOnly(int status) {
    return status == 404 ? ApiError.notFound("resource") : ApiError.badParameter("request", "HTTP " + status);
  }
}
