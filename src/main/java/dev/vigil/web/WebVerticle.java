package dev.vigil.web;

import dev.vigil.auth.Passwords;
import dev.vigil.auth.Secrets;
import dev.vigil.auth.SessionStore;
import dev.vigil.auth.TokenStore;
import dev.vigil.auth.UserStore;
import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.energy.EnergyLookup;
import dev.vigil.forecast.ForecastQueries;
import dev.vigil.notify.ChannelStore;
import dev.vigil.notify.Outbox;
import dev.vigil.report.ScheduleStore;
import dev.vigil.report.SiteReports;
import dev.vigil.scoring.DriftQueries;
import dev.vigil.scoring.ModelQueries;
import dev.vigil.store.AlertStore;
import dev.vigil.store.DeadLetterQueries;
import dev.vigil.store.DeviceQueries;
import dev.vigil.store.EnergyQueries;
import dev.vigil.store.ExportQueries;
import dev.vigil.store.FleetQueries;
import dev.vigil.store.ReadingQueries;
import dev.vigil.store.RuleStore;
import dev.vigil.store.SiteStore;
import dev.vigil.store.StatsQueries;
import dev.vigil.store.StoredReadings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Vigil: the dashboard's static files, the REST API under {@code /api}, {@code /health},
 * {@code /metrics}, and the SockJS event-bus bridge at {@code /eventbus} (outbound only: browsers may
 * listen to alerts, live readings and device status, and can never send or publish). The edge
 * (docs/security.md): security headers on every answer, writes JSON only ({@link WriteGuard}), who may do
 * what decided by {@link Access} (users, sessions and API tokens, or open on localhost), the bridge for the
 * dashboard's own origin only, and {@link ConnectionGuard} against slow clients.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final WebConfig config;
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final HealthProbe health;
  private HttpServer server;
  private WorkerExecutor hashing;
  private Passwords passwords;
  private volatile String firstAdminPassword;

  /** {@code registry} may be null (then /metrics answers 503). */
  public WebVerticle(WebConfig config, Pool pool, PrometheusMeterRegistry registry, HealthProbe health) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, StoredReadings.class);
    LiveReadingRelay relay = new LiveReadingRelay(vertx);
    OriginPolicy origins = new OriginPolicy(config.origins());
    hashing = vertx.createSharedWorkerExecutor("vigil-password-hashing", 2);
    passwords = new Passwords(hashing);
    Access access = new Access(config, origins, new SessionStore(pool), new TokenStore(pool));
    ConnectionGuard connections = new ConnectionGuard(config.maxConnections(), config.headerTimeoutS());
    return vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
            StoredReadings.each(relay::accept))
        .completion()
        .compose(v -> config.openOnLocalhost() ? Future.succeededFuture() : ensureFirstAdmin())
        .compose(v -> vertx.executeBlocking(ApiDocs::load)) // reads packaged files: not on the event loop
        .compose(docs -> vertx.executeBlocking(ChartLibrary::load)
            .compose(charts -> listen(router(docs, charts, access, origins), connections)))
        .onSuccess(s -> {
          server = s;
          LOG.info("web listening on http://{}:{} ({}; at most {} connections)", config.host(), s.actualPort(),
              config.openOnLocalhost() ? "open on localhost without login, writes "
                  + (config.writesNeedToken() ? "need the api.token" : "from this origin and clients without one")
                  : "users, sessions and API tokens", connections.max());
        });
  }

  private Router router(ApiDocs docs, ChartLibrary charts, Access access, OriginPolicy origins) {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    router.route("/eventbus/*").handler(ctx -> sameOriginOnly(ctx, origins));
    router.route("/eventbus/*").handler(access::noteBridgeCaller);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJsOptions())
        .bridge(bridgeOptions(), access::admitToBridge));
    docs.mount(router); // public, as documentation is: the API it describes still asks who is calling
    router.route("/api/*").subRouter(api(access));
    if (config.effectiveMetricsToken() == null) {
      router.get("/metrics").handler(access::requireViewer);
    }
    new OpsRoutes(health, registry, config.effectiveMetricsToken()).mount(router);
    charts.mount(router);
    router.route().handler(staticFiles());
    return router;
  }

  @Override
  public Future<?> stop() {
    return hashing == null ? Future.succeededFuture() : hashing.close();
  }

  /**
   * With users on and none yet: creates {@code admin} with a one-time password, which {@code vigil serve}
   * prints once on the console (never into the log); the first login must change it.
   */
  private Future<Void> ensureFirstAdmin() {
    UserStore users = new UserStore(pool);
    String password = Secrets.password();
    return users.any().compose(any -> any ? Future.succeededFuture(false)
            : passwords.hash(password).compose(users::createFirstAdmin))
        .map(created -> {
          if (created) {
            firstAdminPassword = password;
            LOG.warn("no users yet: created '{}' with a one-time password, printed on the console once; "
                + "it must be changed at the first login", UserStore.FIRST_ADMIN);
          }
          return null;
        });
  }

  /** The one-time password of the first admin when this start created it, else null. */
  public String firstAdminPassword() {
    return firstAdminPassword;
  }

  private Future<HttpServer> listen(Router router, ConnectionGuard connections) {
    // No h2c: with it the server waits for a first request before it creates the connection, so a
    // client that never sends one would be invisible to the ConnectionGuard.
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(config.idleTimeoutS())
        .setIdleTimeoutUnit(TimeUnit.SECONDS).setHttp2ClearTextEnabled(false));
    return http.requestHandler(connections.attach(vertx, http, router)).listen(config.port(), config.host());
  }

  /**
   * The bridge streams live readings and alerts: a page of another site must not open it (a WebSocket
   * is not bound by the same-origin policy; the browser sends the page's Origin and leaves the check to
   * the server). Also keeps SockJS from answering a foreign origin's CORS request with its own origin.
   */
  private static void sameOriginOnly(RoutingContext ctx, OriginPolicy origins) {
    if (origins.allows(ctx.request())) {
      ctx.next();
    } else {
      Responses.json(ctx, 403, new JsonObject().put("error", "the event bus is only for the dashboard's own origin"));
    }
  }

  /** No JSONP or htmlfile transports: a script or iframe tag loads them without an Origin to check. */
  static SockJSHandlerOptions sockJsOptions() {
    return new SockJSHandlerOptions()
        .addDisabledTransport(Transport.JSON_P.name())
        .addDisabledTransport(Transport.HTML_FILE.name());
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private Router api(Access access) {
    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    WriteGuard guard = new WriteGuard();
    api.route().handler(guard);
    api.route().handler(access);
    UserStore users = new UserStore(pool);
    new AuthRoutes(users, new SessionStore(pool), passwords).mount(api, guard);
    new UserRoutes(users, passwords).mount(api, guard);
    new TokenRoutes(new TokenStore(pool)).mount(api, guard);
    DeviceQueries devices = new DeviceQueries(pool);
    new DeviceRoutes(devices, new ReadingQueries(pool), new ExportQueries(pool)).mount(api);
    new AlertRoutes(new AlertStore(pool), vertx.eventBus()).mount(api, guard);
    new RuleRoutes(new RuleStore(pool), vertx.eventBus()).mount(api, guard);
    new InsightRoutes(new StatsQueries(pool), new AlertStore(pool), new DriftQueries(pool), new ModelQueries(pool),
        devices).mount(api);
    new DeadLetterRoutes(new DeadLetterQueries(pool)).mount(api);
    new NotificationRoutes(new ChannelStore(pool), new Outbox(pool), vertx.eventBus()).mount(api, guard);
    new FleetRoutes(new FleetQueries(pool)).mount(api);
    ForecastQueries forecasts = new ForecastQueries(pool);
    new ForecastRoutes(devices, forecasts, config.forecastMetric()).mount(api);
    new SiteRoutes(new SiteStore(pool)).mount(api, guard);
    EnergyLookup energy = new EnergyLookup(new EnergyQueries(pool), forecasts, config.forecastMetric(), vertx);
    new EnergyRoutes(energy).mount(api);
    SiteReports reports = new SiteReports(vertx, energy, new AlertStore(pool), new SiteStore(pool));
    new ReportRoutes(reports, new ScheduleStore(pool), new ChannelStore(pool)).mount(api, guard);
    AllowedMethods allowed = new AllowedMethods(api);
    api.route().handler(ctx -> ctx.fail(noRoute(ctx, allowed)));
    api.route().failureHandler(new ErrorHandler(MAX_BODY_BYTES));
    return api;
  }

  /** 405 with {@code Allow} when the path is known to another method, else 404. */
  private static ApiError noRoute(RoutingContext ctx, AllowedMethods allowed) {
    String path = ctx.normalizedPath();
    String mount = ctx.mountPoint();
    if (mount != null && path.startsWith(mount)) {
      path = path.substring(mount.length());
    }
    java.util.Set<String> methods = allowed.at(path.startsWith("/") ? path : "/" + path);
    if (methods.isEmpty()) {
      return ApiError.notFound("endpoint " + ctx.request().method() + " " + ctx.request().path());
    }
    ctx.response().putHeader("Allow", String.join(", ", methods));
    return ApiError.methodNotAllowed(ctx.request().method().name(), ctx.request().path(), methods);
  }

  static SockJSBridgeOptions bridgeOptions() {
    return new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.ALERTS))
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.LIVE_READINGS))
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.DEVICE_STATUS));
  }

  /**
   * The dashboard's files have no version in their names, so browsers must ask again each time
   * (an unchanged file costs a 304): with the default day-long max-age an upgraded Vigil would
   * keep serving yesterday's dashboard.
   */
  private StaticHandler staticFiles() {
    StaticHandler files = config.webroot() == null || config.webroot().isBlank()
        ? StaticHandler.create("webroot")
        : StaticHandler.create(FileSystemAccess.ROOT, Path.of(config.webroot()).toAbsolutePath().toString());
    return files.setMaxAgeSeconds(0);
  }
}
