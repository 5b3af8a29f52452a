package dev.vigil.web;

import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real WebVerticle on a free port over a fresh PostgreSQL database, and a web client to call it.
 * Requests block the test thread (never an event loop).
 */
final class WebFixture implements AutoCloseable {

  static final String TOKEN = "test-token-42";
  static final HealthProbe ALL_UP = () -> Future.succeededFuture(new JsonObject()
      .put("database", new JsonObject().put("status", "up"))
      .put("broker", new JsonObject().put("status", "up")));

  final Vertx vertx;
  final String pgUri;
  final Pool pool;
  final WebClient client;
  final int port;
  final WebVerticle web;

  private WebFixture(Vertx vertx, String pgUri, Pool pool, int port, WebVerticle web) {
    this.vertx = vertx;
    this.pgUri = pgUri;
    this.pool = pool;
    this.port = port;
    this.web = web;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  static WebFixture start(String token, PrometheusMeterRegistry registry, HealthProbe health) {
    return startWith(port -> new WebConfig("127.0.0.1", port, token, null), registry, health);
  }

  /** With the edge settings {@code config} makes for the free port it is given. */
  static WebFixture startWith(IntFunction<WebConfig> config, PrometheusMeterRegistry registry, HealthProbe health) {
    return startOn(TestInfra.freshDatabase(), config, registry, health);
  }

  /** On the database of another fixture: a second instance behind the same address, as far as state goes. */
  static WebFixture startOn(String pgUri, IntFunction<WebConfig> config, PrometheusMeterRegistry registry,
      HealthProbe health) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgPools.create(vertx, pgUri, 4);
    int port = TestInfra.freePort();
    WebVerticle web = new WebVerticle(config.apply(port), pool, registry, health);
    await(vertx.deployVerticle(web));
    return new WebFixture(vertx, pgUri, pool, port, web);
  }

  static WebFixture start() {
    return start(TOKEN, null, ALL_UP);
  }

  void sql(String statement) {
    TestInfra.execute(pgUri, statement);
  }

  HttpResponse<Buffer> get(String path) {
    return await(client.request(HttpMethod.GET, path).send());
  }

  HttpResponse<Buffer> get(String path, String header, String value) {
    return await(client.request(HttpMethod.GET, path).putHeader(header, value).send());
  }

  /** A write carrying the test token. */
  HttpResponse<Buffer> write(HttpMethod method, String path, JsonObject body) {
    return send(client.request(method, path).bearerTokenAuthentication(TOKEN), body);
  }

  HttpResponse<Buffer> writeWithoutToken(HttpMethod method, String path, JsonObject body) {
    return send(client.request(method, path), body);
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    await(vertx.close());
  }
}
