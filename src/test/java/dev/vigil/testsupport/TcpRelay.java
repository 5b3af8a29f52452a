package dev.vigil.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a real server that a test can cut, to make an outage a client sees exactly
 * as it would see a broker going away, at a moment the test chooses. It runs on its own Vert.x so
 * that it keeps relaying whatever the code under test does with its own.
 */
public final class TcpRelay implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong swallowedBytes = new AtomicLong();
  private final NetServer server;
  private final NetClient client;
  private final String targetHost;
  private final int targetPort;
  private volatile boolean cut;
  private volatile boolean swallowing;

  private TcpRelay(String targetHost, int targetPort) throws Exception {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::relay);
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /** A relay on a free local port to {@code host:port}. */
  public static TcpRelay to(String host, int port) throws Exception {
    return new TcpRelay(host, port);
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every relayed connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    swallowing = false;
    open.forEach(NetSocket::close);
  }

  /** Relays new connections again. */
  public void restore() {
    cut = false;
  }

  /**
   * From now on drops what clients send, without closing anything: a write the client believes made
   * it never reaches the server, so the server never acknowledges it.
   */
  public void swallowClientBytes() {
    swallowing = true;
  }

  /** Bytes dropped since {@link #swallowClientBytes()}. */
  public long swallowedBytes() {
    return swallowedBytes.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void relay(NetSocket downstream) {
    if (cut) {
      downstream.close();
      return;
    }
    downstream.pause();
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed() || cut) {
        downstream.close();
        return;
      }
      NetSocket upstream = connected.result();
      open.add(downstream);
      open.add(upstream);
      downstream.handler(bytes -> fromClient(bytes, upstream));
      upstream.handler(downstream::write);
      downstream.closeHandler(v -> closeBoth(downstream, upstream));
      upstream.closeHandler(v -> closeBoth(downstream, upstream));
      downstream.resume();
    });
  }

  private void fromClient(Buffer bytes, NetSocket upstream) {
    if (swallowing) {
      swallowedBytes.addAndGet(bytes.length());
    } else {
      upstream.write(bytes);
    }
  }

  private void closeBoth(NetSocket a, NetSocket b) {
    open.remove(a);
    open.remove(b);
    a.close();
    b.close();
  }
}
