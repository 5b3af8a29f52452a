package dev.vigil.web;

import dev.vigil.auth.Passwords;
import dev.vigil.auth.Role;
import dev.vigil.auth.Secrets;
import dev.vigil.auth.User;
import dev.vigil.auth.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/users} (admin only, {@link AccessRules}): list, add, change role or password, remove. A user
 * added or given a password without one chosen by them gets a one-time password, shown once in the answer,
 * that they must change at their first login. The last admin cannot be demoted or removed (409).
 */
final class UserRoutes {

  private final UserStore users;
  private final Passwords passwords;

  UserRoutes(UserStore users, Passwords passwords) {
    this.users = users;
    this.passwords = passwords;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/users").handler(ctx -> Responses.reply(ctx, users.list().map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(user -> items.add(user.toJson()));
      return new JsonObject().put("items", items);
    })));
    api.post("/users").handler(writeGuard).handler(this::create);
    api.patch("/users/:name").handler(writeGuard).handler(this::update);
    api.delete("/users/:name").handler(writeGuard).handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String name = name(Bodies.string(body, "name", 64, true), "name");
    Role role = Bodies.role(body, true);
    String chosen = password(body);
    String password = chosen == null ? Secrets.password() : chosen;
    passwords.hash(password)
        .compose(hash -> users.create(name, role, hash, chosen == null))
        .onFailure(ctx::fail)
        .onSuccess(created -> {
          User user = created.orElse(null);
          if (user == null) {
            ctx.fail(ApiError.conflict("user " + name + " exists"));
            return;
          }
          JsonObject json = user.toJson();
          if (chosen == null) {
            json.put("password", password);
          }
          Responses.json(ctx, 201, json);
        });
  }

  private void update(RoutingContext ctx) {
    String name = name(ctx.pathParam("name"), "name");
    JsonObject body = Bodies.object(ctx);
    Role role = Bodies.role(body, false);
    String password = password(body);
    if (role == null && password == null) {
      throw ApiError.badParameter("body", "give a role, a password or both");
    }
    Future<String> hash = password == null ? Future.succeededFuture(null) : passwords.hash(password);
    // A password set by an admin is known to the admin: its owner must choose their own at the next login.
    Responses.reply(ctx, hash.compose(h -> users.update(name, role, h, h == null ? null : Boolean.TRUE))
        .map(found -> found.orElseThrow(() -> ApiError.notFound("user " + name)).toJson()));
  }

  private void delete(RoutingContext ctx) {
    String name = name(ctx.pathParam("name"), "name");
    users.delete(name).onFailure(ctx::fail).onSuccess(deleted -> {
      if (!deleted) {
        ctx.fail(ApiError.notFound("user " + name));
        return;
      }
      ctx.response().setStatusCode(204).end();
    });
  }

  private static String name(String name, String field) {
    if (name == null || !name.matches(User.NAME_PATTERN)) {
      throw ApiError.badParameter(field, "must be 1 to 64 letters, digits, '_', '.', '@' or '-'");
    }
    return name;
  }

  private static String password(JsonObject body) {
    String password = Bodies.string(body, "password", Passwords.MAX_LENGTH * 2, false);
    String problem = password == null ? null : Passwords.problem(password);
    if (problem != null) {
      throw ApiError.badParameter("password", problem);
    }
    return password;
  }
}
