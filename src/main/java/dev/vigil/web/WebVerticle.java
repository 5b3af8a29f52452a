package dev.vigil.web;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.scoring.DriftQueries;
import dev.vigil.scoring.ModelQueries;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.AlertStore;
import dev.vigil.store.DeadLetterQueries;
import dev.vigil.store.DeviceQueries;
import dev.vigil.store.ExportQueries;
import dev.vigil.store.ReadingQueries;
import dev.vigil.store.RuleStore;
import dev.vigil.store.StatsQueries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of Vigil: the dashboard's static files, the REST API under {@code /api}, {@code /health},
 * {@code /metrics}, and the SockJS event-bus bridge at {@code /eventbus} (outbound only: browsers may
 * listen to alerts, live readings and device status, and can never send or publish).
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final WebConfig config;
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final HealthProbe health;
  private HttpServer server;

  /** {@code registry} may be null (then /metrics answers 503). */
  public WebVerticle(WebConfig config, Pool pool, PrometheusMeterRegistry registry, HealthProbe health) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, ScoredReading.class);
    LiveReadingRelay relay = new LiveReadingRelay(vertx);
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx).bridge(bridgeOptions()));
    router.route("/api/*").subRouter(api());
    new OpsRoutes(health, registry).mount(router);
    router.route().handler(staticFiles());
    return vertx.eventBus().<ScoredReading>localConsumer(Addresses.READINGS_STORED, m -> relay.accept(m.body()))
        .completion()
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host()))
        .onSuccess(s -> {
          server = s;
          LOG.info("web listening on http://{}:{} (writes {})", config.host(), s.actualPort(),
              config.writesNeedToken() ? "need a bearer token" : "open");
        });
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private Router api() {
    Router api = Router.router(vertx);
    api.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    WriteGuard guard = new WriteGuard(config);
    DeviceQueries devices = new DeviceQueries(pool);
    new DeviceRoutes(devices, new ReadingQueries(pool), new ExportQueries(pool)).mount(api);
    new AlertRoutes(new AlertStore(pool), vertx.eventBus()).mount(api, guard);
    new RuleRoutes(new RuleStore(pool), vertx.eventBus()).mount(api, guard);
    new InsightRoutes(new StatsQueries(pool), new AlertStore(pool), new DriftQueries(pool), new ModelQueries(pool),
        devices).mount(api);
    new DeadLetterRoutes(new DeadLetterQueries(pool)).mount(api);
    api.route().handler(ctx -> ctx.fail(ApiError.notFound("endpoint " + ctx.request().method() + " " + ctx.request().path())));
    api.route().failureHandler(new ErrorHandler());
    return api;
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
