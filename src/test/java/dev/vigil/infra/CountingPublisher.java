package dev.vigil.infra;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices {@code <prefix>-0..n-1} publishing QoS 1 readings round-robin at a steady total rate on
 * one connection, remembering which the broker acknowledged (PUBACK) as {@code device/seq}.
 */
final class CountingPublisher {

  private final Vertx vertx;
  private final String prefix;
  private final int devices;
  private final MqttClient client;
  private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();
  private final Set<Integer> ackedBeforeSent = ConcurrentHashMap.newKeySet();
  private final Set<String> acked = ConcurrentHashMap.newKeySet();
  private final Set<String> published = ConcurrentHashMap.newKeySet();
  private final long firstTs = System.currentTimeMillis() - 3_600_000;
  private long timer = -1;
  private long next;

  CountingPublisher(Vertx vertx, String prefix, int devices) {
    this.vertx = vertx;
    this.prefix = prefix;
    this.devices = devices;
    this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(prefix + "-publisher")
        .setMaxInflightQueue(100_000));
    client.publishCompletionHandler(this::onPubAck);
  }

  Future<Void> connect(int port) {
    return client.connect(port, "127.0.0.1").mapEmpty();
  }

  /** One reading every 1000/rate ms, devices in turn (timers tick at 10 ms at most, so in small batches). */
  void start(int perSecond) {
    long t0 = System.nanoTime();
    timer = vertx.setPeriodic(10, id -> {
      long due = (System.nanoTime() - t0) * perSecond / 1_000_000_000L;
      while (next < due) {
        publishOne(next++);
      }
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void publishOne(long n) {
    String device = prefix + "-" + (n % devices);
    long seq = n / devices;
    String key = device + "/" + seq;
    published.add(key);
    String payload = "{\"ts\":" + (firstTs + seq * 100) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq % 17
        + "}}";
    client.publish("devices/" + device + "/telemetry", Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .onSuccess(packetId -> {
          if (ackedBeforeSent.remove(packetId)) {
            acked.add(key);
          } else {
            inFlight.put(packetId, key);
          }
        });
  }

  private void onPubAck(int packetId) {
    String key = inFlight.remove(packetId);
    if (key != null) {
      acked.add(key);
    } else {
      ackedBeforeSent.add(packetId);
    }
  }

  boolean settled() {
    return inFlight.isEmpty() && acked.size() == published.size();
  }

  Set<String> acked() {
    return Set.copyOf(acked);
  }

  int published() {
    return published.size();
  }

  boolean wasPublished(String key) {
    return published.contains(key);
  }
}
