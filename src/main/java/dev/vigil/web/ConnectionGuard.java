package dev.vigil.web;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow or idle clients from starving the server of connections (and the process of file
 * descriptors). A connection that is not in the middle of a request, because it has not yet sent a
 * complete request head or its last answer has been sent, is "waiting"; a waiting connection is closed
 * after the header timeout. At the connection limit a new connection takes the place of the oldest
 * waiting one, so thousands of sockets that never finish a request cannot keep {@code /health} or the
 * API out; only when every connection is busy with a request is the new one turned away. WebSocket
 * connections (the bridge) are busy for as long as they live; the idle timeout and the bridge's
 * heartbeat govern them.
 *
 * <p>All methods run on the web verticle's event loop (its one HTTP server's context).
 */
final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final long SWEEP_MS = 1000;
  private static final int FALLBACK_MAX = 4096;
  /** Closes per event-loop turn: 10,000 expiring at once closed in one go blocked the loop for 5.6 s. */
  private static final int CLOSE_CHUNK = 200;

  private final int max;
  private final long headerTimeoutNanos;
  private final Map<HttpConnection, State> open = new HashMap<>();
  private final LinkedHashSet<HttpConnection> waiting = new LinkedHashSet<>();
  private long turnedAway;
  private Vertx vertx;

  private static final class State {
    HttpServerRequest current;
    boolean upgraded;
    long waitingSince = System.nanoTime();
  }

  ConnectionGuard(int maxConnections, int headerTimeoutS) {
    this.max = maxConnections > 0 ? maxConnections : defaultMax();
    this.headerTimeoutNanos = headerTimeoutS * 1_000_000_000L;
  }

  int max() {
    return max;
  }

  /** Watches the server's connections and wraps its request handler; sweeps once a second. */
  Handler<HttpServerRequest> attach(Vertx vertx, HttpServer server, Handler<HttpServerRequest> requests) {
    this.vertx = vertx;
    server.connectionHandler(this::opened);
    vertx.setPeriodic(SWEEP_MS, id -> sweep());
    return request -> {
      started(request);
      requests.handle(request);
    };
  }

  private void opened(HttpConnection connection) {
    if (open.size() >= max && !closeOldestWaiting()) {
      if (turnedAway++ % 1000 == 0) {
        LOG.warn("{} connections busy with requests (http.connections.max): turned a new one away ({} so far)",
            open.size(), turnedAway);
      }
      connection.close();
      return;
    }
    open.put(connection, new State());
    waiting.add(connection);
    connection.closeHandler(v -> forget(connection));
  }

  private void started(HttpServerRequest request) {
    State state = open.get(request.connection());
    if (state == null) {
      return;
    }
    waiting.remove(request.connection());
    state.current = request;
    state.upgraded = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  private boolean closeOldestWaiting() {
    Iterator<HttpConnection> oldest = waiting.iterator();
    if (!oldest.hasNext()) {
      return false;
    }
    HttpConnection victim = oldest.next();
    forget(victim);
    victim.close();
    return true;
  }

  /** Answered connections wait again; connections that waited past the header timeout are closed. */
  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> expired = new ArrayList<>();
    open.forEach((connection, state) -> {
      if (state.current != null && answered(state)) {
        state.current = null;
        state.waitingSince = now;
        waiting.add(connection);
      } else if (state.current == null && now - state.waitingSince > headerTimeoutNanos) {
        expired.add(connection);
      }
    });
    expired.forEach(this::forget);
    closeInChunks(expired, 0);
  }

  /** Closes a chunk, then lets the event loop serve requests before the next one. */
  private void closeInChunks(List<HttpConnection> connections, int from) {
    int to = Math.min(connections.size(), from + CLOSE_CHUNK);
    connections.subList(from, to).forEach(HttpConnection::close);
    if (to < connections.size()) {
      vertx.runOnContext(v -> closeInChunks(connections, to));
    }
  }

  /** The response went out; a refused WebSocket handshake (4xx) counts, an accepted one never ends. */
  private static boolean answered(State state) {
    boolean ended = state.current.response().ended();
    return ended && (!state.upgraded || state.current.response().getStatusCode() >= 400);
  }

  private void forget(HttpConnection connection) {
    open.remove(connection);
    waiting.remove(connection);
  }

  /** Half the process's open-file limit: the rest stays for the database, the broker and files. */
  static int defaultMax() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return (int) Math.max(64, Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount() / 2));
    }
    return FALLBACK_MAX;
  }
}
