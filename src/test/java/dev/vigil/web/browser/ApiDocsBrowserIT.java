package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.web.WebConfig;
import dev.vigil.web.WebVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Swagger UI at /api/docs/ draws every operation of the API description Vigil serves, under the
 * dashboard's Content-Security-Policy (a blocked script would leave the page empty).
 */
@ExtendWith(BrowserPerTest.class)
class ApiDocsBrowserIT {

  private static Vertx vertx;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Browser.assumeInstalled();
    vertx = Vertx.vertx();
    WebVerticle web = new WebVerticle(new WebConfig("127.0.0.1", 0, null, Path.of("webroot").toAbsolutePath().toString()),
        PgPools.create(vertx, TestInfra.freshDatabase(), 1), null, () -> Future.succeededFuture(new JsonObject()));
    vertx.deployVerticle(web).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + web.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void drawsEveryOperationOfTheServedDescription(Browser browser) throws Exception {
    int operations = operationsIn(Files.readString(Path.of("docs/openapi.yaml")));
    browser.open(base + "/api/docs");
    browser.await(d -> d.findElements(By.cssSelector(".opblock")).size() >= operations);
    assertThat(browser.driver.findElements(By.cssSelector(".opblock"))).hasSize(operations);
    assertThat(browser.awaitElement(".info .title").getText()).startsWith("Vigil API");
  }

  private static int operationsIn(String yaml) {
    Matcher m = Pattern.compile("(?m)^    (get|post|put|delete|patch):").matcher(yaml);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
