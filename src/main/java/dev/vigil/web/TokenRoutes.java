package dev.vigil.web;

import dev.vigil.auth.Principal;
import dev.vigil.auth.Role;
import dev.vigil.auth.TokenStore;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/tokens} (admin only, {@link AccessRules}): API tokens for machine clients, each with a name
 * and a role. The token itself is in the answer to its creation and nowhere else; a revoked token answers
 * 401 from then on, on every instance.
 */
final class TokenRoutes {

  private final TokenStore tokens;

  TokenRoutes(TokenStore tokens) {
    this.tokens = tokens;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/tokens").handler(ctx -> Responses.reply(ctx, tokens.list().map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(token -> items.add(token.toJson()));
      return new JsonObject().put("items", items);
    })));
    api.post("/tokens").handler(writeGuard).handler(this::create);
    api.delete("/tokens/:id").handler(writeGuard).handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String name = Bodies.string(body, "name", 64, true).trim();
    if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.badParameter("name", "must be 1 to 64 printable characters");
    }
    Role role = Bodies.role(body, true);
    Principal by = Access.principal(ctx);
    tokens.create(name, role, by == null || by.name() == null ? "(open on localhost)" : by.name())
        .onFailure(ctx::fail)
        .onSuccess(created -> {
          if (created.isEmpty()) {
            ctx.fail(ApiError.conflict("a token named " + name + " exists; revoke it first or choose another name"));
            return;
          }
          Responses.json(ctx, 201, created.get().info().toJson().put("token", created.get().token()));
        });
  }

  private void revoke(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Responses.reply(ctx, tokens.revoke(id).map(found -> found.orElseThrow(() -> ApiError.notFound("token " + id))
        .toJson()));
  }
}
