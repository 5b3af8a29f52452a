package dev.vigil.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A browser's view of the event-bus bridge: a real SockJS session over its raw WebSocket endpoint
 * ({@code /eventbus/websocket}), speaking the bridge's JSON frames. Collects every frame received.
 */
public final class BridgeClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    // Vert.x 5's raw SockJS WebSocket transport writes the bridge's frames as binary messages.
    socket.binaryMessageHandler(bytes -> frames.add(bytes.toJsonObject()));
  }

  /** Connects to the bridge of the server on {@code port} (blocking; test threads only). */
  public static BridgeClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(port, "localhost", "/eventbus/websocket").await();
    return new BridgeClient(client, socket);
  }

  /** Asks to receive what is published on {@code address}. */
  public BridgeClient register(String address) {
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode()).await();
    return this;
  }

  /** Tries to publish, as a browser could attempt: the bridge must refuse. */
  public void publish(String address, JsonObject body) {
    socket.writeTextMessage(new JsonObject().put("type", "publish").put("address", address).put("body", body)
        .encode()).await();
  }

  /** Waits for the first frame matching {@code filter}; null when none came in time. */
  public JsonObject await(Predicate<JsonObject> filter, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (long left = unit.toNanos(timeout); left > 0; left = deadline - System.nanoTime()) {
      JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame != null && filter.test(frame)) {
        return frame;
      }
    }
    return null;
  }

  @Override
  public void close() {
    socket.close().await();
    client.close().await();
  }
}
