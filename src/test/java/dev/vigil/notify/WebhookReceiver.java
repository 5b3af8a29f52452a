package dev.vigil.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver for webhook channels: a Vert.x HttpServer on a fixed port that records every
 * POST body (JSON) with its {@code X-Vigil-Delivery} and {@code X-Vigil-Signature} headers and answers 200. {@link #down()} closes
 * the port (senders get "connection refused"), {@link #up()} opens it again.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One call as received. */
  public record Call(String deliveryHeader, String signatureHeader, String raw, JsonObject body) {
  }

  private final Vertx vertx;
  private final int port;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private HttpServer server;

  public WebhookReceiver(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  public synchronized void up() throws Exception {
    server = vertx.createHttpServer(new HttpServerOptions().setReuseAddress(true))
        .requestHandler(req -> req.body().onSuccess(body -> {
          calls.add(new Call(req.getHeader("X-Vigil-Delivery"), req.getHeader("X-Vigil-Signature"), body.toString(),
              body.toJsonObject()));
          req.response().setStatusCode(200).end();
        }))
        .listen(port, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  public synchronized void down() throws Exception {
    if (server != null) {
      server.close().await(10, TimeUnit.SECONDS);
      server = null;
    }
  }

  /** Calls about alerts of {@code deviceId}, in arrival order. */
  public List<Call> callsFor(String deviceId) {
    return calls.stream().filter(c -> c.body().getJsonObject("alert") != null
        && deviceId.equals(c.body().getJsonObject("alert").getString("deviceId"))).toList();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() throws Exception {
    down();
  }
}
