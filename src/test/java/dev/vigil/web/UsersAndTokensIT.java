package dev.vigil.web;

import static dev.vigil.web.WebFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users, roles, sessions and API tokens over real HTTP against a real WebVerticle and PostgreSQL, with
 * users on (not open on localhost): the first admin's one-time password, cookie flags, CSRF, 401 versus
 * 403 by role, API tokens created, used and revoked. Every answer is also checked against docs/openapi.yaml.
 */
class UsersAndTokensIT {

  private static final String LEGACY = "legacy-api-token-1";
  private static WebFixture web;
  private static ApiContract spec;
  private static Session admin;

  /** A logged-in browser: its cookie and the session's CSRF token. */
  record Session(String cookie, String csrf) {
  }

  @BeforeAll
  static void start() throws Exception {
    web = WebFixture.startWith(port -> new WebConfig("127.0.0.1", port, LEGACY, null).withOpenOnLocalhost(false),
        null, WebFixture.ALL_UP);
    spec = ApiContract.load(web.vertx, Path.of("docs/openapi.yaml"));
    String oneTime = web.web.firstAdminPassword();
    assertThat(oneTime).as("the first start created admin with a one-time password").isNotBlank();
    Session first = login("admin", oneTime);
    assertThat(call(HttpMethod.GET, "/api/devices", null, first, null, 403).bodyAsJsonObject().getString("error"))
        .contains("one-time password");
    call(HttpMethod.POST, "/api/me/password", new JsonObject().put("current", oneTime).put("password", "admin-chosen-pw"),
        first, null, 200);
    admin = first;
    addUser("vera", "viewer");
    addUser("otto", "operator");
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
  }

  @Test
  void loginSetsAnHttpOnlyLaxSessionCookieThatIsSecureOnlyBehindTls() {
    HttpResponse<Buffer> plain = call(HttpMethod.POST, "/api/login", credentials("vera"), null, null, 200);
    String cookie = plain.cookies().get(0);
    assertThat(cookie).startsWith("vigil_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/")
        .doesNotContain("Secure");
    assertThat(plain.bodyAsJsonObject().getString("role")).isEqualTo("viewer");
    assertThat(plain.bodyAsJsonObject().getString("csrfToken")).isNotBlank();

    HttpResponse<Buffer> behindTls = await(web.client.request(HttpMethod.POST, "/api/login")
        .putHeader("X-Forwarded-Proto", "https").sendJsonObject(credentials("vera")));
    assertThat(behindTls.cookies().get(0)).contains("Secure").containsIgnoringCase("HttpOnly");
  }

  @Test
  void aWrongPasswordAndAnUnknownNameGetTheSame401() {
    String wrong = call(HttpMethod.POST, "/api/login", new JsonObject().put("name", "vera").put("password", "not-hers-at-all"),
        null, null, 401).bodyAsJsonObject().getString("error");
    String unknown = call(HttpMethod.POST, "/api/login", new JsonObject().put("name", "nobody").put("password", "whatever-1234"),
        null, null, 401).bodyAsJsonObject().getString("error");
    assertThat(wrong).isEqualTo(unknown).isEqualTo("wrong name or password");
  }

  @Test
  void withoutLoginReadsAndMetricsAnswer401AndHealthStaysOpen() {
    call(HttpMethod.GET, "/api/devices", null, null, null, 401);
    call(HttpMethod.GET, "/api/me", null, null, null, 401);
    assertThat(web.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(web.get("/health").statusCode()).isEqualTo(200);
    call(HttpMethod.GET, "/api/devices", null, login("vera", "vera-password-1"), null, 200);
  }

  @Test
  void aWriteFromASessionWithoutItsCsrfTokenIsRefused() {
    JsonObject rule = new JsonObject().put("metric", "csrf_w").put("operator", ">").put("value", 1);
    HttpResponse<Buffer> refused = call(HttpMethod.POST, "/api/rules", rule, new Session(admin.cookie(), null), null, 403);
    assertThat(refused.bodyAsJsonObject().getString("error")).contains("X-CSRF-Token");
    call(HttpMethod.POST, "/api/rules", rule, new Session(admin.cookie(), "forged"), null, 403);
    assertThat(web.get("/api/rules", "Cookie", "vigil_session=" + admin.cookie()).bodyAsString()).doesNotContain("csrf_w");
    call(HttpMethod.POST, "/api/rules", rule, admin, null, 201);
  }

  @Test
  void aViewerCannotAcknowledgeAnAlertAndAnOperatorCan() {
    long alert = openAlert("ack-1");
    Session viewer = login("vera", "vera-password-1");
    HttpResponse<Buffer> refused = call(HttpMethod.POST, "/api/alerts/" + alert + "/ack", null, viewer, null, 403);
    assertThat(refused.bodyAsJsonObject().getString("error")).contains("viewer").contains("operator");
    assertThat(web.get("/api/alerts/" + alert, "Cookie", "vigil_session=" + viewer.cookie()).bodyAsJsonObject()
        .getString("state")).isEqualTo("open");

    Session operator = login("otto", "otto-password-1");
    assertThat(call(HttpMethod.POST, "/api/alerts/" + alert + "/ack", null, operator, null, 200).bodyAsJsonObject()
        .getString("state")).isEqualTo("acked");
    call(HttpMethod.POST, "/api/rules", new JsonObject().put("metric", "op_w").put("operator", ">").put("value", 1),
        operator, null, 403);
    call(HttpMethod.GET, "/api/users", null, operator, null, 403);
  }

  @Test
  void anAdminCreatesATokenThatWorksUntilRevokedAndItsLastUseIsRecorded() {
    JsonObject created = call(HttpMethod.POST, "/api/tokens", new JsonObject().put("name", "ack-bot").put("role", "operator"),
        admin, null, 201).bodyAsJsonObject();
    String token = created.getString("token");
    assertThat(token).startsWith("vigil_");
    assertThat(created.getString("lastUsedAt")).isNull();
    String tokensList = web.pool.query("SELECT string_agg(encode(token_hash, 'hex'), ',') FROM api_tokens").execute()
        .await().iterator().next().getString(0);
    assertThat(tokensList).as("only a digest is stored").doesNotContain(token);

    long alert = openAlert("bot-1");
    call(HttpMethod.POST, "/api/alerts/" + alert + "/ack", null, null, token, 200);
    call(HttpMethod.POST, "/api/rules", new JsonObject().put("metric", "bot_w").put("operator", ">").put("value", 1),
        null, token, 403);
    JsonObject listed = tokenNamed("ack-bot");
    assertThat(listed.getString("lastUsedAt")).as("last use recorded").isNotNull();
    assertThat(listed.containsKey("token")).as("the token is shown once only").isFalse();

    call(HttpMethod.DELETE, "/api/tokens/" + created.getLong("id"), null, admin, null, 200);
    HttpResponse<Buffer> revoked = call(HttpMethod.GET, "/api/devices", null, null, token, 401);
    assertThat(revoked.bodyAsJsonObject().getString("error")).contains("revoked");
    assertThat(tokenNamed("ack-bot").getString("revokedAt")).isNotNull();
  }

  @Test
  void theConfiguredApiTokenKeepsWorkingWithAdminRights() {
    call(HttpMethod.POST, "/api/rules", new JsonObject().put("metric", "legacy_w").put("operator", ">").put("value", 1),
        null, LEGACY, 201);
    assertThat(await(web.client.get("/metrics").bearerTokenAuthentication(LEGACY).send()).statusCode())
        .as("with api.token set, /metrics takes it as before").isNotEqualTo(401);
  }

  @Test
  void logoutEndsTheSessionOnTheServer() {
    Session s = login("vera", "vera-password-1");
    call(HttpMethod.GET, "/api/me", null, s, null, 200);
    HttpResponse<Buffer> out = call(HttpMethod.POST, "/api/logout", null, s, null, 204);
    assertThat(out.cookies().get(0)).startsWith("vigil_session=;").contains("Max-Age=0");
    call(HttpMethod.GET, "/api/me", null, s, null, 401);
  }

  @Test
  void aSessionOpenedOnOneInstanceWorksOnAnotherUntilLoggedOutOnEither() {
    try (WebFixture second = WebFixture.startOn(web.pgUri,
        port -> new WebConfig("127.0.0.1", port, null, null).withOpenOnLocalhost(false), null, WebFixture.ALL_UP)) {
      assertThat(second.web.firstAdminPassword()).as("users exist: no second first admin").isNull();
      Session s = login("vera", "vera-password-1");
      assertThat(second.get("/api/me", "Cookie", "vigil_session=" + s.cookie()).bodyAsJsonObject().getString("name"))
          .isEqualTo("vera");
      call(HttpMethod.POST, "/api/logout", null, s, null, 204);
      assertThat(second.get("/api/me", "Cookie", "vigil_session=" + s.cookie()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theEventBusBridgeClosesASocketWithoutALoginAndStreamsAlertsToALoggedInUser() {
    Session s = login("vera", "vera-password-1");
    WebSocketClient client = web.vertx.createWebSocketClient();
    long publishing = -1;
    try {
      WebSocketConnectOptions bridge = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(web.port)
          .setURI("/eventbus/websocket").addHeader("Origin", "http://127.0.0.1:" + web.port);
      WebSocket stranger = await(client.connect(bridge));
      Promise<Void> strangerClosed = Promise.promise();
      try {
        stranger.closeHandler(v -> strangerClosed.tryComplete());
      } catch (IllegalStateException alreadyClosed) {
        strangerClosed.tryComplete();
      }
      await(strangerClosed.future());

      WebSocket viewer = await(client.connect(bridge.addHeader("Cookie", "vigil_session=" + s.cookie())));
      Promise<JsonObject> received = Promise.promise();
      viewer.binaryMessageHandler(frame -> received.tryComplete(new JsonObject(frame)));
      await(viewer.writeTextMessage(new JsonObject().put("type", "register").put("address", Addresses.ALERTS).encode()));
      // Until the registration has landed a publication reaches nobody: publish until one arrives.
      publishing = web.vertx.setPeriodic(100, id -> web.vertx.eventBus().publish(Addresses.ALERTS,
          new JsonObject().put("id", 1).put("deviceId", "bus-1")));
      assertThat(await(received.future()).getJsonObject("body").getString("deviceId")).isEqualTo("bus-1");
      await(viewer.close());
    } finally {
      if (publishing >= 0) {
        web.vertx.cancelTimer(publishing);
      }
      await(client.close());
    }
  }

  @Test
  void theLastAdminCannotBeDemotedOrRemoved() {
    call(HttpMethod.PATCH, "/api/users/admin", new JsonObject().put("role", "viewer"), admin, null, 409);
    call(HttpMethod.DELETE, "/api/users/admin", null, admin, null, 409);
    call(HttpMethod.POST, "/api/users", new JsonObject().put("name", "vera").put("role", "admin"), admin, null, 409);
    call(HttpMethod.POST, "/api/users", new JsonObject().put("name", "x y").put("role", "admin"), admin, null, 400);
  }

  @Test
  void anOpenOnLocalhostServerDoesNotServeANameReboundToIt() {
    try (WebFixture open = WebFixture.startWith(port -> new WebConfig("127.0.0.1", port, null, null), null, WebFixture.ALL_UP)) {
      assertThat(open.get("/api/devices").statusCode()).isEqualTo(200);
      assertThat(open.get("/api/me").bodyAsJsonObject().getBoolean("open")).isTrue();
      assertThat(open.web.firstAdminPassword()).as("no first admin while open").isNull();
      assertThat(open.get("/api/devices", "Host", "rebound.example:" + open.port).statusCode()).isEqualTo(401);
    }
  }

  private static void addUser(String name, String role) {
    call(HttpMethod.POST, "/api/users", new JsonObject().put("name", name).put("role", role)
        .put("password", name + "-password-1"), admin, null, 201);
  }

  private static JsonObject credentials(String name) {
    return new JsonObject().put("name", name).put("password", name + "-password-1");
  }

  private static Session login(String name, String password) {
    HttpResponse<Buffer> r = call(HttpMethod.POST, "/api/login", new JsonObject().put("name", name).put("password", password),
        null, null, 200);
    String cookie = r.cookies().get(0);
    return new Session(cookie.substring("vigil_session=".length(), cookie.indexOf(';')),
        r.bodyAsJsonObject().getString("csrfToken"));
  }

  private static long openAlert(String device) {
    web.sql("INSERT INTO alerts (device_id, kind, metric, severity, message) VALUES ('" + device
        + "', 'anomaly', '', 'low', 'odd')");
    return web.pool.query("SELECT max(id) FROM alerts").execute().await().iterator().next().getLong(0);
  }

  private static JsonObject tokenNamed(String name) {
    return call(HttpMethod.GET, "/api/tokens", null, admin, null, 200).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(t -> t.getString("name").equals(name)).findFirst().orElseThrow();
  }

  /** One request as a session and/or with a bearer token; asserts the status and that docs/openapi.yaml documents it. */
  private static HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body, Session session, String bearer,
      int status) {
    HttpRequest<Buffer> request = web.client.request(method, path);
    if (session != null) {
      request.putHeader("Cookie", "vigil_session=" + session.cookie());
      if (session.csrf() != null) {
        request.putHeader("X-CSRF-Token", session.csrf());
      }
    }
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    HttpResponse<Buffer> response = await(body == null ? request.send() : request.sendJsonObject(body));
    String what = method + " " + path;
    assertThat(response.statusCode()).as(what + " -> " + response.bodyAsString()).isEqualTo(status);
    assertThat(spec.documents(method.name(), path, status)).as(what + ": status " + status + " documented").isTrue();
    assertThat(spec.problem(method.name(), path, response)).as(what + " -> " + response.bodyAsString()).isNull();
    return response;
  }
}
