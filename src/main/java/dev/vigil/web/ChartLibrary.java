package dev.vigil.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * uPlot, the dashboard's time-series chart library, served from its webjar at {@code /vendor/uplot/}
 * (dist/uPlot.esm.js, dist/uPlot.min.css, LICENSE): one copy, in the jar, upgraded by its Maven version
 * (docs/decisions.md, "Charts: uPlot"). Like the dashboard's own files it is revalidated on every load.
 */
final class ChartLibrary {

  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private final String root;

  private ChartLibrary(String root) {
    this.root = root;
  }

  /** Reads the webjar's version once, at start (blocking: call it off the event loop). */
  static ChartLibrary load() {
    Properties webjar = new Properties();
    try (InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(WEBJAR_VERSION)) {
      if (in == null) {
        throw new IOException(WEBJAR_VERSION + " is not on the classpath");
      }
      webjar.load(in);
      return new ChartLibrary(WEBJAR + webjar.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the uPlot webjar", e);
    }
  }

  void mount(Router router) {
    router.get("/vendor/uplot/*").handler(StaticHandler.create(root).setMaxAgeSeconds(0));
  }
}
