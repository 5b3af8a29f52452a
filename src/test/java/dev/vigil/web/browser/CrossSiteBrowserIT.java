package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.web.WebConfig;
import dev.vigil.web.WebVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real browser on another site's page, with Vigil in open mode (no token) on this machine: the
 * page's form post, its no-cors fetches (a text/plain rule, a body-less acknowledge) and its
 * WebSocket to the bridge all reach Vigil, and Vigil refuses each; no rule appears and the alert
 * stays open.
 */
@ExtendWith(BrowserPerTest.class)
class CrossSiteBrowserIT {

  private static Vertx vertx;
  private static String pgUri;
  private static String vigil;
  private static String evilPage;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    pgUri = TestInfra.freshDatabase();
    TestInfra.execute(pgUri, "INSERT INTO alerts (device_id, kind, metric, severity, message, opened_at) VALUES "
        + "('meter-1', 'threshold', 'power_w', 'high', 'power_w too high', now())");
    vertx = Vertx.vertx();
    Pool pool = PgPools.create(vertx, pgUri, 2);
    WebVerticle web = new WebVerticle(new WebConfig("127.0.0.1", 0, null, Path.of("webroot").toAbsolutePath().toString()),
        pool, null, () -> Future.succeededFuture(new JsonObject()));
    await(vertx.deployVerticle(web));
    vigil = "127.0.0.1:" + web.actualPort();
    String alertId = TestInfra.queryString(pgUri, "SELECT id::text FROM alerts");
    HttpServer evil = await(vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("Content-Type", "text/html").end(page(alertId)))
        .listen(0, "127.0.0.1"));
    // "localhost", not 127.0.0.1: another site altogether, as an attacker's page would be.
    evilPage = "http://localhost:" + evil.actualPort() + "/";
  }

  private static String page(String alertId) {
    return """
        <!doctype html><title>cute cats</title>
        <form id="f" method="post" action="http://%1$s/api/rules" enctype="application/x-www-form-urlencoded">
          <input name="metric" value="power_w"><input name="operator" value="&gt;"><input name="value" value="1">
          <input name="severity" value="high"></form>
        <p id="ws">pending</p><p id="fetches">pending</p>
        <script>
          const ws = new WebSocket('ws://%1$s/eventbus/websocket');
          ws.onopen = () => { document.getElementById('ws').textContent = 'open'; };
          ws.onclose = () => { if (document.getElementById('ws').textContent === 'pending')
            document.getElementById('ws').textContent = 'refused'; };
          Promise.allSettled([
            fetch('http://%1$s/api/rules', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
              body: JSON.stringify({ metric: 'voltage_v', operator: '<', value: 1, severity: 'high' }) }),
            fetch('http://%1$s/api/alerts/%2$s/ack', { method: 'POST', mode: 'no-cors' })
          ]).then(() => { document.getElementById('fetches').textContent = 'sent'; });
        </script>
        """.formatted(vigil, alertId);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void refusesAnotherSitesFormPostFetchesAndWebSocket(Browser browser) throws Exception {
    browser.open(evilPage);
    browser.await(d -> !"pending".equals(text(browser, "ws")) && "sent".equals(text(browser, "fetches")));
    assertThat(text(browser, "ws")).as("the bridge refuses another site's WebSocket").isEqualTo("refused");
    browser.script("document.getElementById('f').submit()");
    browser.await(d -> d.getCurrentUrl().contains(vigil));
    assertThat(browser.driver.getPageSource()).contains("application/json");
    assertThat(TestInfra.queryString(pgUri, "SELECT count(*)::text FROM rules")).isEqualTo("0");
    assertThat(TestInfra.queryString(pgUri, "SELECT state FROM alerts")).isEqualTo("open");
  }

  private static String text(Browser browser, String id) {
    return (String) browser.script("return document.getElementById(arguments[0]).textContent", id);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
