package dev.vigil.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * TEST-ONLY device that never gives up on a QoS 1 reading: it keeps unsent and unacknowledged
 * readings (by seq) and publishes them again after reconnecting, as a well-behaved device does.
 * All state is touched on the one event-loop context of the first {@link #produce}.
 */
final class RetryingDevice {

  private static final int WINDOW = 8; // below the client's default in-flight limit of 10

  private final Vertx vertx;
  private final String deviceId;
  private final String host;
  private final int port;
  private final long firstTs;
  private final Deque<Long> outbox = new ArrayDeque<>();
  private final Map<Integer, Long> inFlight = new HashMap<>();
  private MqttClient client;
  private Context context;
  private volatile boolean mayConnect = true;
  private boolean connecting;
  private int issuing; // publishes issued whose write has not completed yet
  private volatile int reconnects;
  private volatile long acked;
  private volatile long published;

  RetryingDevice(Vertx vertx, String deviceId, String host, int port, long firstTs) {
    this.vertx = vertx;
    this.deviceId = deviceId;
    this.host = host;
    this.port = port;
    this.firstTs = firstTs;
  }

  /** Produces seq 1..count, one every {@code everyMs}, and keeps trying until each is acknowledged. */
  void start(long count, long everyMs) {
    produce(1, count, everyMs);
  }

  /**
   * Produces seq {@code first..last}, one every {@code everyMs}, and keeps trying until each is acknowledged. A
   * later call adds a further range on the same context, so that a test can hold readings back until its fault
   * is in place.
   */
  synchronized void produce(long first, long last, long everyMs) {
    if (context == null) {
      context = vertx.getOrCreateContext();
    }
    context.runOnContext(v -> {
      long[] next = {first};
      vertx.setPeriodic(everyMs, id -> {
        if (next[0] <= last) {
          outbox.add(next[0]++);
        }
        pump();
      });
    });
  }

  int reconnects() {
    return reconnects;
  }

  /** Readings the broker has acknowledged so far. */
  long acked() {
    return acked;
  }

  @Override
  public String toString() {
    return "device connected=" + (client != null && client.isConnected()) + " published=" + published + " acked="
        + acked + " inFlight=" + inFlight.size() + " outbox=" + outbox.size() + " connections=" + reconnects;
  }

  private void pump() {
    if (client == null || !client.isConnected()) {
      connect();
      return;
    }
    // A publish counts against the window from the moment it is issued, not once written: under load the
    // writes lag, and counting them late let the client's own limit refuse the next publish at once.
    while (mayConnect && inFlight.size() + issuing < WINDOW && !outbox.isEmpty()) {
      long seq = outbox.poll();
      String payload = "{\"ts\":" + (firstTs + seq * 10) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq + "}}";
      issuing++;
      Future<Integer> sent = client.publish("devices/" + deviceId + "/telemetry", Buffer.buffer(payload),
          MqttQoS.AT_LEAST_ONCE, false, false);
      sent.onComplete(done -> issuing--)
          .onSuccess(packetId -> {
            published++;
            inFlight.put(packetId, seq);
          })
          .onFailure(e -> outbox.addFirst(seq));
      if (sent.failed()) {
        return; // refused at once (a dropped connection): the next tick tries again, not this loop forever
      }
    }
  }

  /** While false the device sends nothing and buffers, as a device whose network is down. */
  void mayConnect(boolean allowed) {
    mayConnect = allowed;
  }

  private void connect() {
    if (connecting || !mayConnect) {
      return;
    }
    connecting = true;
    MqttClient candidate = MqttClient.create(vertx,
        new MqttClientOptions().setClientId("dev-" + deviceId).setCleanSession(false));
    candidate.publishCompletionHandler(packetId -> {
      acked++;
      inFlight.remove(packetId);
    });
    candidate.closeHandler(v -> requeueInFlight());
    candidate.connect(port, host)
        .onSuccess(ack -> {
          client = candidate;
          reconnects++;
        })
        .onComplete(done -> vertx.setTimer(done.succeeded() ? 1 : 200, id -> connecting = false));
  }

  private void requeueInFlight() {
    inFlight.values().stream().sorted((a, b) -> Long.compare(b, a)).forEach(outbox::addFirst);
    inFlight.clear();
  }
}
