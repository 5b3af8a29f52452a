package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cost of drawing 50,000 points with uPlot against the hand-drawn SVG chart it replaced, measured in
 * headless Chromium (src/test/resources/chart-bench). Prints the figures and writes them to
 * target/chart-bench.json for docs/benchmarks.md; it asserts only that both charts drew, never a time.
 */
@ExtendWith(BrowserPerTest.class)
class ChartBenchBrowserIT {

  @Test
  void measuresBothChartsOnFiftyThousandPoints(Browser browser) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.get("/vendor/uplot/*").handler(StaticHandler.create("META-INF/resources/webjars/uplot/" + uplotVersion()));
      router.get("/bench/*").handler(StaticHandler.create("chart-bench"));
      router.get("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, Path.of("webroot").toAbsolutePath().toString()));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      browser.open("http://127.0.0.1:" + server.actualPort() + "/bench/index.html");
      Object result = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofMinutes(3))
          .until(d -> browser.script("return window.benchResult ? JSON.stringify(window.benchResult) : null;"));
      JsonObject figures = new JsonObject((String) result);
      System.out.println("chart bench: " + figures.encodePrettily());
      Files.writeString(Path.of("target", "chart-bench.json"), figures.encodePrettily());
      for (String chart : new String[] {"svg", "uplot"}) {
        assertThat(figures.getJsonObject(chart).getMap()).containsKeys("firstDrawMs", "redrawMs");
      }
      assertThat((Long) browser.script("return document.querySelectorAll('#box canvas').length;")).isPositive();
    } finally {
      vertx.close().await();
    }
  }

  private static String uplotVersion() throws Exception {
    Properties pom = new Properties();
    try (InputStream in = ChartBenchBrowserIT.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      pom.load(in);
    }
    return pom.getProperty("version");
  }

}
