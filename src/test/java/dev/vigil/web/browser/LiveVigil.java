package dev.vigil.web.browser;

import dev.vigil.auth.Passwords;
import dev.vigil.auth.Role;
import dev.vigil.auth.UserStore;
import dev.vigil.config.ConfigKey;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.store.RollupJob;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A whole running Vigil ({@link TestVigil}) on a fresh database, for browser tests that feed it the way
 * a user does: readings published over MQTT through the real broker by a device-side client, and
 * answers read back from the REST API and the database.
 */
final class LiveVigil implements AutoCloseable {

  final String pgUri;
  final String base;
  private final VigilRuntime vigil;
  private final Vertx client;
  private final MqttClient device;
  private final HttpClient http = HttpClient.newHttpClient();

  private LiveVigil(String pgUri, VigilRuntime vigil, Vertx client, MqttClient device, int httpPort) {
    this.pgUri = pgUri;
    this.vigil = vigil;
    this.client = client;
    this.device = device;
    this.base = "http://localhost:" + httpPort + "/";
  }

  /** Vigil on an empty database, with {@code settings} on top of the test defaults. */
  static LiveVigil start(Map<ConfigKey, String> settings) throws Exception {
    return start(TestInfra.freshDatabase(), settings);
  }

  /** Vigil on a database holding the {@link FleetFixture} week of history, rolled up as the rollup job would. */
  static LiveVigil startWithFleetHistory(Map<ConfigKey, String> settings) throws Exception {
    String pgUri = TestInfra.freshDatabase();
    FleetFixture.seed(pgUri);
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(vertx).build();
      new RollupJob(pool).rollup(Instant.now().minus(Duration.ofDays(8)), Instant.now().plusSeconds(60)).await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
    return start(pgUri, settings);
  }

  private static LiveVigil start(String pgUri, Map<ConfigKey, String> settings) throws Exception {
    Browser.assumeInstalled();
    int httpPort = TestInfra.freePort();
    VigilRuntime vigil = TestVigil.start(pgUri, httpPort, settings);
    Vertx client = Vertx.vertx();
    // Replays publish whole histories in a burst: room for them in flight (the default is 10).
    MqttClient device = MqttClient.create(client, new io.vertx.mqtt.MqttClientOptions().setMaxInflightQueue(1000));
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
    return new LiveVigil(pgUri, vigil, client, device, httpPort);
  }

  /** The first admin's one-time password when this start created that user (users on), else null. */
  String firstAdminPassword() {
    return vigil.firstAdminPassword().orElse(null);
  }

  /** Adds a user with a password of their own, as an admin would through the API (hashed the same way). */
  void addUser(String name, Role role, String password) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(client).build();
    WorkerExecutor hashing = client.createSharedWorkerExecutor("live-vigil-passwords", 1);
    try {
      new Passwords(hashing).hash(password).compose(hash -> new UserStore(pool).create(name, role, hash, false)).await();
    } finally {
      hashing.close().await();
      pool.close().await();
    }
  }

  /** The dashboard URL of a route, e.g. {@code page("rules")}. */
  String page(String route) {
    return base + "#/" + route;
  }

  /** Publishes one reading of {@code metrics} as device {@code deviceId} would, QoS 1. */
  void publish(String deviceId, JsonObject metrics) {
    device.publish("devices/" + deviceId + "/telemetry", new JsonObject().put("metrics", metrics).toBuffer(),
        MqttQoS.AT_LEAST_ONCE, false, false).await();
  }

  /**
   * Publishes a reading of {@code power_w} (a little different each time) for each of {@code deviceIds}
   * every {@code periodMs}, QoS 1, from the device client's event loop, until the returned handle is
   * closed: a steady stream that keeps every open dashboard redrawing.
   */
  AutoCloseable stream(long periodMs, String... deviceIds) {
    long[] n = {0};
    long timer = client.setPeriodic(periodMs, tick -> {
      n[0]++;
      for (String id : deviceIds) {
        JsonObject metrics = new JsonObject().put("power_w", 1500 + (n[0] * 7) % 100).put("voltage_v", 230);
        device.publish("devices/" + id + "/telemetry", new JsonObject().put("metrics", metrics).toBuffer(),
            MqttQoS.AT_LEAST_ONCE, false, false);
      }
    });
    return () -> client.cancelTimer(timer);
  }

  /** Publishes a wire-contract payload as it is (an object or an array of readings, with their own ts), QoS 1. */
  void publishPayload(String deviceId, io.vertx.core.buffer.Buffer payload) {
    device.publish("devices/" + deviceId + "/telemetry", payload, MqttQoS.AT_LEAST_ONCE, false, false).await();
  }

  void publish(String deviceId, String metric, double value) {
    publish(deviceId, new JsonObject().put(metric, value));
  }

  /** The first column of the first row of {@code sql} on Vigil's database, as text. */
  String queryString(String sql) throws java.sql.SQLException {
    return TestInfra.queryString(pgUri, sql);
  }

  /** GET of an API path ({@code /api/rules}) answered 200, as JSON. */
  JsonObject getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base).resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** A POST of {@code json} to an API path with an optional bearer token: status and JSON body. */
  HttpResponse<String> postJson(String path, JsonObject json, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base).resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    device.disconnect().await();
    client.close().await();
    vigil.close();
  }
}
