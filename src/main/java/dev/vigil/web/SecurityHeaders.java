package dev.vigil.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer, pages and API alike: the dashboard runs only its own scripts and styles
 * (no inline script, no eval), talks only to its own origin, cannot be framed (clickjacking), leaks no
 * URL to other sites, and its files and JSON cannot be sniffed into another type or embedded by
 * another site's page.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

  static final String CSP = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.set("Content-Security-Policy", CSP)
        .set("X-Frame-Options", "DENY")
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set("Cross-Origin-Resource-Policy", "same-origin");
    ctx.next();
  }
}
