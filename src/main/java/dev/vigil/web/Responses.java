package dev.vigil.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Sends JSON answers, and turns a failed Future into the router's failure handler. */
final class Responses {

  static final String JSON = "application/json; charset=utf-8";

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(text);
  }

  /** 200 with the result, or the failure handler with the cause (ApiError, invalid rule, ...). */
  static <T> void reply(RoutingContext ctx, Future<T> result) {
    result.onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }
}
