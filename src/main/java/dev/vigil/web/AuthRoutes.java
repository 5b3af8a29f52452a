package dev.vigil.web;

import dev.vigil.auth.Passwords;
import dev.vigil.auth.Principal;
import dev.vigil.auth.SessionStore;
import dev.vigil.auth.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/login}, {@code /api/logout}, {@code /api/me} and {@code /api/me/password}: a browser session
 * (cookie, see {@link SessionCookie}) and what the page needs to know about its user (name, role, the
 * session's CSRF token, whether the dashboard is open without login).
 */
final class AuthRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  private static final String WRONG = "wrong name or password";

  private final UserStore users;
  private final SessionStore sessions;
  private final Passwords passwords;

  AuthRoutes(UserStore users, SessionStore sessions, Passwords passwords) {
    this.users = users;
    this.sessions = sessions;
    this.passwords = passwords;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.post("/login").handler(writeGuard).handler(this::login);
    api.post("/logout").handler(writeGuard).handler(this::logout);
    api.get("/me").handler(ctx -> Responses.json(ctx, 200, me(Access.principal(ctx))));
    api.post("/me/password").handler(writeGuard).handler(this::changePassword);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    String name = Bodies.string(body, "name", 64, true);
    String password = Bodies.string(body, "password", Passwords.MAX_LENGTH, true);
    Future<JsonObject> answer = users.credentials(name)
        .compose(found -> passwords.verify(found.map(UserStore.Credentials::passwordHash).orElse(null), password)
            .map(ok -> {
              if (!ok) {
                // One line per failure, for an operator or fail2ban to see guessing (the name made printable).
                LOG.info("failed login as '{}' from {}", name.replaceAll("[^\\x20-\\x7E]", "?"),
                    ctx.request().remoteAddress());
                throw ApiError.unauthorized(WRONG);
              }
              return found.orElseThrow().user();
            }))
        .compose(user -> sessions.open(user.id()).map(opened -> {
          SessionCookie.set(ctx, opened.cookieValue(), SessionStore.LIFETIME.toSeconds());
          return new JsonObject().put("name", user.name()).put("role", user.role().wire()).put("open", false)
              .put("via", "session").put("csrfToken", opened.csrfToken())
              .put("mustChangePassword", user.mustChangePassword());
        }));
    Responses.reply(ctx, answer);
  }

  private void logout(RoutingContext ctx) {
    String cookie = SessionCookie.read(ctx);
    Future<Void> closed = cookie == null ? Future.succeededFuture() : sessions.close(cookie);
    closed.onFailure(ctx::fail).onSuccess(v -> {
      SessionCookie.clear(ctx);
      ctx.response().setStatusCode(204).end();
    });
  }

  private void changePassword(RoutingContext ctx) {
    Principal p = Access.principal(ctx);
    if (p == null || !p.isSession()) {
      throw ApiError.forbidden("only a logged-in user has a password to change");
    }
    JsonObject body = Bodies.object(ctx);
    String current = Bodies.string(body, "current", Passwords.MAX_LENGTH, true);
    String chosen = Bodies.string(body, "password", Passwords.MAX_LENGTH * 2, true);
    String problem = Passwords.problem(chosen);
    if (problem != null) {
      throw ApiError.badParameter("password", problem);
    }
    if (chosen.equals(current)) {
      throw ApiError.badParameter("password", "must differ from the current one");
    }
    Future<JsonObject> answer = users.credentials(p.name())
        .compose(found -> passwords.verify(found.map(UserStore.Credentials::passwordHash).orElse(null), current))
        .compose(ok -> {
          if (!ok) {
            throw ApiError.badParameter("current", "is not the current password");
          }
          return passwords.hash(chosen);
        })
        .compose(hash -> users.update(p.name(), null, hash, false))
        .compose(updated -> sessions.closeOthers(p.userId(), p.sessionDigest()).map(v -> updated.orElseThrow(
            () -> ApiError.notFound("user " + p.name()))))
        .map(user -> new JsonObject().put("name", user.name()).put("role", user.role().wire()).put("open", false)
            .put("via", "session").put("csrfToken", p.csrfToken()).put("mustChangePassword", false));
    Responses.reply(ctx, answer);
  }

  /** Who the caller is, as the page needs it. */
  static JsonObject me(Principal p) {
    JsonObject json = new JsonObject().put("name", p.name()).put("role", p.role().wire())
        .put("open", p.kind() == Principal.Kind.OPEN).put("via", via(p)).put("mustChangePassword", p.mustChangePassword());
    if (p.csrfToken() != null) {
      json.put("csrfToken", p.csrfToken());
    }
    return json;
  }

  private static String via(Principal p) {
    return switch (p.kind()) {
      case OPEN -> "open";
      case SESSION -> "session";
      case TOKEN, CONFIGURED_TOKEN -> "token";
    };
  }
}
