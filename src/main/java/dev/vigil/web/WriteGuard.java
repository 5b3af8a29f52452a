package dev.vigil.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The first gate every write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) under {@code /api}
 * passes: a body must be {@code application/json} (415 otherwise). An HTML form or a {@code text/plain}
 * fetch from another site cannot produce one without a CORS preflight, which Vigil never grants. Who may
 * write is {@link Access}'s decision, after this one.
 */
final class WriteGuard implements Handler<RoutingContext> {

  private static final String CHECKED = "vigil.write.checked";
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  static boolean isWrite(HttpMethod method) {
    return WRITES.contains(method);
  }

  /** Idempotent: mounted for all of {@code /api} and also named on write routes, it checks once. */
  @Override
  public void handle(RoutingContext ctx) {
    if (!isWrite(ctx.request().method()) || ctx.get(CHECKED) != null) {
      ctx.next();
    } else if (!jsonOrEmpty(ctx)) {
      Responses.json(ctx, 415, new JsonObject().put("error", "a write's body must be application/json"));
    } else {
      ctx.put(CHECKED, Boolean.TRUE);
      ctx.next();
    }
  }

  private static boolean jsonOrEmpty(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null) {
      return ctx.body() == null || ctx.body().length() <= 0;
    }
    String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json");
  }
}
