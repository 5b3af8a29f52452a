package dev.vigil.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API described where people look for it: {@code /api/openapi.yaml} (docs/openapi.yaml, packaged in
 * the jar: one source) and Swagger UI at {@code /api/docs/}, from its webjar, with Vigil's own initializer
 * (no inline script, so the dashboard's CSP holds there too).
 */
final class ApiDocs {

  private final Buffer description;
  private final Buffer initializer;
  private final String swaggerUiRoot;

  private ApiDocs(Buffer description, Buffer initializer, String swaggerUiRoot) {
    this.description = description;
    this.initializer = initializer;
    this.swaggerUiRoot = swaggerUiRoot;
  }

  /** Reads the packaged files once, at start (a worker's job: it is the verticle's blocking start-up). */
  static ApiDocs load() {
    try {
      return new ApiDocs(read("api/openapi.yaml"), read("api-docs/swagger-initializer.js"),
          Webjars.root("org.webjars", "swagger-ui"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packaged API description or Swagger UI", e);
    }
  }

  /** Before the API's own router, whose catch-all would answer these paths 404. */
  void mount(Router router) {
    router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(description));
    // Vert.x matches "/api/docs" for "/api/docs/" too: redirect only the bare path (its index's links are relative).
    router.get("/api/docs").handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next();
      } else {
        ctx.redirect("/api/docs/");
      }
    });
    router.get("/api/docs/swagger-initializer.js").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8").end(initializer));
    router.get("/api/docs/*").handler(StaticHandler.create(swaggerUiRoot));
  }

  private static Buffer read(String path) throws IOException {
    try (InputStream in = resource(path)) {
      return Buffer.buffer(in.readAllBytes());
    }
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IOException(path + " is not on the classpath");
    }
    return in;
  }
}
