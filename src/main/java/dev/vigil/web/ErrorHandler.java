package dev.vigil.web;

import dev.vigil.alert.InvalidRuleException;
import dev.vigil.store.DuplicateRuleException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of an /api route becomes a JSON error; unexpected ones are logged and answer 500. */
final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ApiError error = translate(ctx);
    Responses.json(ctx, error.status(), error.toJson());
  }

  private static ApiError translate(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof InvalidRuleException invalid) {
      return ApiError.badParameter(invalid.field(), invalid.reason());
    }
    if (failure instanceof DuplicateRuleException duplicate) {
      return ApiError.conflict(duplicate.getMessage());
    }
    if (failure instanceof DecodeException) {
      return ApiError.badParameter("body", "must be a JSON object");
    }
    if (failure == null && ctx.statusCode() == 413) {
      return ApiError.badParameter("body", "too large");
    }
    LOG.error("{} {} failed (status {})", ctx.request().method(), ctx.request().path(), ctx.statusCode(), failure);
    return failure == null && ctx.statusCode() > 0 && ctx.statusCode() < 500
        ? statusOnly(ctx.statusCode())
        : ApiError.internal();
  }

  private static ApiError statusOnly(int status) {
    return status == 404 ? ApiError.notFound("resource") : ApiError.badParameter("request", "HTTP " + status);
  }
}
