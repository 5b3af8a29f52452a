package dev.vigil.web;

import static dev.vigil.web.WebFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.infra.EmbeddedDatabase;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the database is away, /api answers 503 with the reason and Retry-After (it used to answer 500
 * "internal error"), and answers again once the database is back. The test stops an embedded PostgreSQL
 * of its own, never the shared one.
 */
class ApiUnavailableIT {

  private static final Logger LOG = LoggerFactory.getLogger(ApiUnavailableIT.class);

  @Test
  void answers503WithReasonAndRetryAfterWhileTheDatabaseIsAwayAnd200OnceItIsBack(@TempDir Path dataDir)
      throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, TestInfra.freePort());
    int dbPort = db.port();
    Migrations.migrate(db.uri());
    Vertx vertx = Vertx.vertx();
    int port = TestInfra.freePort();
    try {
      await(vertx.deployVerticle(new WebVerticle(new WebConfig("127.0.0.1", port, WebFixture.TOKEN, null),
          PgPools.create(vertx, db.uri(), 2), null, WebFixture.ALL_UP)));
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      assertThat(get(client).statusCode()).isEqualTo(200);

      db.close();
      HttpResponse<Buffer> away = get(client);
      LOG.info("database away: {} {} Retry-After {}", away.statusCode(), away.bodyAsString(),
          away.getHeader("Retry-After"));
      assertThat(away.statusCode()).isEqualTo(503);
      assertThat(away.getHeader("Retry-After")).isEqualTo(Integer.toString(ErrorHandler.RETRY_AFTER_SECONDS));
      assertThat(away.bodyAsJsonObject().getString("error")).contains("database");
      HttpResponse<Buffer> refused = get(client); // the pooled connection is gone: now a new one is refused
      LOG.info("database still away: {} {}", refused.statusCode(), refused.bodyAsString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.getHeader("Retry-After")).isNotNull();

      db = EmbeddedDatabase.start(dataDir, dbPort);
      long back = System.nanoTime();
      long deadline = System.currentTimeMillis() + 60_000;
      int status = get(client).statusCode();
      while (status != 200 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        status = get(client).statusCode();
      }
      LOG.info("database back: /api answered {} after {} ms", status, (System.nanoTime() - back) / 1_000_000);
      assertThat(status).isEqualTo(200);
    } finally {
      await(vertx.close());
      db.close();
    }
  }

  private static HttpResponse<Buffer> get(WebClient client) {
    return await(client.request(HttpMethod.GET, "/api/devices").send());
  }
}
