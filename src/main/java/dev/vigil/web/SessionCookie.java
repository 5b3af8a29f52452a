package dev.vigil.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie: {@code HttpOnly} (no script reads it), {@code SameSite=Lax} (another site's page
 * cannot make the browser send it with a POST), {@code Secure} when the request came over TLS, to Vigil or
 * to a TLS-terminating proxy in front that says so in {@code X-Forwarded-Proto} (a client that lies there
 * only makes its own cookie stricter).
 */
final class SessionCookie {

  static final String NAME = "vigil_session";

  private SessionCookie() {
  }

  static String read(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(NAME);
    return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
  }

  static void set(RoutingContext ctx, String value, long maxAgeSeconds) {
    ctx.response().addCookie(base(ctx.request(), value).setMaxAge(maxAgeSeconds));
  }

  static void clear(RoutingContext ctx) {
    ctx.response().addCookie(base(ctx.request(), "").setMaxAge(0));
  }

  private static Cookie base(HttpServerRequest request, String value) {
    return Cookie.cookie(NAME, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(overTls(request));
  }

  static boolean overTls(HttpServerRequest request) {
    return request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
  }
}
