package dev.vigil.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * uPlot, the dashboard's time-series chart library, served from its webjar at {@code /vendor/uplot/}
 * (dist/uPlot.esm.js, dist/uPlot.min.css, LICENSE): one copy, in the jar, upgraded by its Maven version
 * (docs/decisions.md, "Charts: uPlot"). Like the dashboard's own files it is revalidated on every load.
 */
final class ChartLibrary {

  private final String root;

  private ChartLibrary(String root) {
    this.root = root;
  }

  /** Reads the webjar's version once, at start (blocking: call it off the event loop). */
  static ChartLibrary load() {
    try {
      return new ChartLibrary(Webjars.root("org.webjars.npm", "uplot"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find the uPlot webjar", e);
    }
  }

  void mount(Router router) {
    router.get("/vendor/uplot/*").handler(StaticHandler.create(root).setMaxAgeSeconds(0));
  }
}
