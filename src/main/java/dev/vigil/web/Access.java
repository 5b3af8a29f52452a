package dev.vigil.web;

import dev.vigil.auth.Principal;
import dev.vigil.auth.Role;
import dev.vigil.auth.Secrets;
import dev.vigil.auth.SessionStore;
import dev.vigil.auth.TokenStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/**
 * Decides who is asking and whether they may (docs/security.md). Open on localhost (the zero-install
 * mode, for a request addressed to a loopback name): nobody logs in, and writes follow the rules from
 * before users existed ({@code api.token} when set, else the dashboard's own origin). Otherwise the
 * caller is a browser session (cookie; its writes also carry the session's {@code X-CSRF-Token} and come
 * from an allowed origin), an API token, or the configured {@code api.token}: 401 when nobody, 403 when
 * their role is short of {@link AccessRules}.
 */
final class Access implements Handler<RoutingContext> {

  static final String PRINCIPAL = "vigil.principal";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String BRIDGE_CALLER = "vigil.bridge.caller";
  static final String LOG_IN = "log in (POST /api/login) or send 'Authorization: Bearer <token>'";

  private final boolean openOnLocalhost;
  private final BearerToken configured;
  private final OriginPolicy origins;
  private final SessionStore sessions;
  private final TokenStore tokens;

  Access(WebConfig config, OriginPolicy origins, SessionStore sessions, TokenStore tokens) {
    this.openOnLocalhost = config.openOnLocalhost();
    this.configured = BearerToken.of(config.apiToken());
    this.origins = origins;
    this.sessions = sessions;
    this.tokens = tokens;
  }

  /** The caller of this request, once {@link Access} let it through. */
  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** Whether this request is served without login: open on localhost and addressed to a loopback name. */
  boolean openFor(HttpServerRequest request) {
    return openOnLocalhost && WebConfig.loopbackHost(request.getHeader("Host"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (openFor(ctx.request())) {
      openWrite(ctx);
      return;
    }
    identify(ctx).onFailure(e -> failed(ctx, e)).onSuccess(p -> decide(ctx, p));
  }

  /** For {@code /metrics}: any logged-in user or token (a viewer) may scrape. */
  void requireViewer(RoutingContext ctx) {
    if (openFor(ctx.request())) {
      ctx.next();
      return;
    }
    identify(ctx).onFailure(e -> failed(ctx, e)).onSuccess(p -> {
      if (p == null) {
        refuse(ctx, ApiError.unauthorized(LOG_IN));
      } else if (p.mustChangePassword()) {
        refuse(ctx, ApiError.forbidden("change the one-time password first (POST /api/me/password)"));
      } else {
        ctx.put(PRINCIPAL, p);
        ctx.next();
      }
    });
  }

  /**
   * In front of the event-bus bridge: notes the caller's credentials of the request, synchronously.
   * SockJS strips cookies from the request it keeps for the socket, and an asynchronous check here
   * would leave a WebSocket handshake no time to upgrade before the request is read.
   */
  void noteBridgeCaller(RoutingContext ctx) {
    ctx.put(BRIDGE_CALLER, new BridgeCaller(openFor(ctx.request()), BearerToken.presented(ctx.request()),
        SessionCookie.read(ctx)));
    ctx.next();
  }

  /**
   * For the event-bus bridge: a new socket (WebSocket or one of SockJS's XHR transports) is admitted
   * when its opening request carried a viewer's session or token, or was open on localhost; else it is
   * closed at once.
   */
  void admitToBridge(BridgeEvent event) {
    if (event.type() != BridgeEventType.SOCKET_CREATED) {
      event.complete(true);
      return;
    }
    SockJSSocket socket = event.socket();
    BridgeCaller caller = socket.routingContext() == null ? null : socket.routingContext().get(BRIDGE_CALLER);
    if (caller == null || caller.open()) {
      event.complete(caller != null);
      return;
    }
    // Held while the database answers: the bridge reads the socket only once admitted, and a frame sent
    // meanwhile (the page registers for alerts right after the open) would otherwise be lost.
    socket.pause();
    identify(caller.bearer(), caller.cookie()).onComplete(r -> {
      event.complete(r.succeeded() && r.result() != null && !r.result().mustChangePassword());
      socket.resume();
    });
  }

  private record BridgeCaller(boolean open, String bearer, String cookie) {
  }

  /** Open mode: the write rules of before (a token when one is configured, else the dashboard's origin). */
  private void openWrite(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (WriteGuard.isWrite(request.method()) && configured != null && !configured.presentedIn(request)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      refuse(ctx, ApiError.unauthorized());
    } else if (WriteGuard.isWrite(request.method()) && configured == null && !origins.allows(request)) {
      refuse(ctx, foreignOrigin(request));
    } else {
      ctx.put(PRINCIPAL, Principal.OPEN);
      ctx.next();
    }
  }

  /** The caller, or null when nobody; fails with 401 for a bearer token that is unknown or revoked. */
  private Future<Principal> identify(RoutingContext ctx) {
    String cookie = SessionCookie.read(ctx);
    return identify(BearerToken.presented(ctx.request()), cookie).map(p -> {
      if (p == null && cookie != null) {
        SessionCookie.clear(ctx);
      }
      return p;
    });
  }

  private Future<Principal> identify(String bearer, String cookie) {
    if (bearer != null) {
      if (configured != null && configured.matches(bearer)) {
        return Future.succeededFuture(Principal.configuredToken());
      }
      return tokens.use(bearer).map(found -> found.map(t -> Principal.token(t.name(), t.role()))
          .orElseThrow(() -> ApiError.unauthorized("unknown or revoked token")));
    }
    return cookie == null ? Future.succeededFuture(null) : sessions.find(cookie).map(found -> found.orElse(null));
  }

  private void decide(RoutingContext ctx, Principal p) {
    HttpMethod method = ctx.request().method();
    String path = ctx.normalizedPath();
    if (p != null) {
      ctx.put(PRINCIPAL, p);
    }
    Role needed = AccessRules.needed(method, path);
    if (AccessRules.isPublic(method, path)) {
      ctx.next();
    } else if (p == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      refuse(ctx, ApiError.unauthorized(LOG_IN));
    } else if (p.isSession() && WriteGuard.isWrite(method) && !origins.allows(ctx.request())) {
      refuse(ctx, foreignOrigin(ctx.request()));
    } else if (p.isSession() && WriteGuard.isWrite(method)
        && !Secrets.same(p.csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
      refuse(ctx, ApiError.forbidden("a write from a session needs the session's " + CSRF_HEADER
          + " header (GET /api/me gives it)"));
    } else if (p.mustChangePassword() && !AccessRules.allowedBeforePasswordChange(path)) {
      refuse(ctx, ApiError.forbidden("change the one-time password first (POST /api/me/password)"));
    } else if (!p.role().allows(needed)) {
      refuse(ctx, ApiError.forbidden("role " + p.role().wire() + " may not " + method + " " + path + "; it needs "
          + needed.wire()));
    } else {
      ctx.next();
    }
  }

  private static ApiError foreignOrigin(HttpServerRequest request) {
    return ApiError.forbidden("writes from another site's page are refused (origin " + request.getHeader("Origin")
        + "); set http.origins to allow it");
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof ApiError error) {
      refuse(ctx, error);
    } else {
      ctx.fail(e);
    }
  }

  private static void refuse(RoutingContext ctx, ApiError error) {
    Responses.json(ctx, error.status(), error.toJson());
  }
}
