package dev.vigil.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a write through only with {@code Authorization: Bearer <token>} when a token is configured; open
 * when none is (the embedded localhost default). Compares in constant time.
 */
final class WriteGuard implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";

  private final byte[] token;

  WriteGuard(WebConfig config) {
    this.token = config.writesNeedToken() ? config.apiToken().getBytes(StandardCharsets.UTF_8) : null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null || presented(ctx.request().getHeader("Authorization"))) {
      ctx.next();
    } else {
      ApiError error = ApiError.unauthorized();
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Responses.json(ctx, error.status(), error.toJson());
    }
  }

  private boolean presented(String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token);
  }
}
