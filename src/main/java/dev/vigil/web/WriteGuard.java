package dev.vigil.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;

/**
 * The gate every write ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) under {@code /api}
 * passes. A body must be {@code application/json} (415 otherwise): an HTML form or a {@code text/plain}
 * fetch from another site cannot produce one without a CORS preflight, which Vigil never grants. Then,
 * with a token configured, {@code Authorization: Bearer <token>} is required (compared in constant time);
 * without one (open mode) a browser may write only from the dashboard's own origin or a configured one
 * (403 otherwise), while clients that send no {@code Origin} (curl, scripts) pass.
 */
final class WriteGuard implements Handler<RoutingContext> {

  private static final String CHECKED = "vigil.write.checked";
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  private final BearerToken token;
  private final OriginPolicy origins;

  WriteGuard(WebConfig config, OriginPolicy origins) {
    this.token = BearerToken.of(config.apiToken());
    this.origins = origins;
  }

  /** Idempotent: mounted for all of {@code /api} and also named on write routes, it checks once. */
  @Override
  public void handle(RoutingContext ctx) {
    if (!WRITES.contains(ctx.request().method()) || ctx.get(CHECKED) != null) {
      ctx.next();
    } else if (!jsonOrEmpty(ctx)) {
      refuse(ctx, 415, "a write's body must be application/json");
    } else if (token != null && !token.presentedIn(ctx.request())) {
      ApiError error = ApiError.unauthorized();
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      Responses.json(ctx, error.status(), error.toJson());
    } else if (token == null && !origins.allows(ctx.request())) {
      refuse(ctx, 403, "writes from another site's page are refused (origin " + ctx.request().getHeader("Origin")
          + "); set http.origins to allow it");
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

  private static void refuse(RoutingContext ctx, int status, String message) {
    Responses.json(ctx, status, new JsonObject().put("error", message));
  }
}
