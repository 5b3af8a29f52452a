package dev.vigil.testsupport;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT connection that publishes a list of QoS 1 messages, at most {@code window} unacknowledged
 * at a time (each PUBACK lets the next one go), and remembers which were acknowledged. It can speak
 * for many device ids, since the topic names the device. State is guarded by this object's lock
 * (the test thread starts it, the client's event loop carries it on).
 */
public final class WindowedPublisher {

  /** One message: its topic and payload, and a key the test uses to match it with a stored row. */
  public record Outgoing(String key, String topic, String payload) {
  }

  private final MqttClient client;
  private final int window;
  private final Map<Integer, String> keyByPacket = new HashMap<>();
  private final Set<Integer> ackedBeforeSent = new HashSet<>();
  private final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private List<Outgoing> messages;
  private int next;
  private int inFlight;
  private Promise<Void> done;

  public WindowedPublisher(Vertx vertx, String clientId, int window) {
    this.window = window;
    this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setMaxInflightQueue(window + 10));
    client.publishCompletionHandler(this::onPubAck);
  }

  /** Connects, publishes every message, and returns once each was acknowledged (bounded wait). */
  public Set<String> publishAll(int port, List<Outgoing> all, long timeoutSeconds) throws Exception {
    client.connect(port, "127.0.0.1").await();
    Promise<Void> finished = Promise.promise();
    client.exceptionHandler(finished::tryFail);
    synchronized (this) {
      messages = all;
      done = finished;
      fill();
    }
    finished.future().toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    client.disconnect().await();
    return Set.copyOf(acknowledged);
  }

  public Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  private synchronized void fill() {
    while (inFlight < window && next < messages.size()) {
      Outgoing message = messages.get(next++);
      inFlight++;
      client.publish(message.topic(), Buffer.buffer(message.payload()), MqttQoS.AT_LEAST_ONCE, false, false)
          .onSuccess(packetId -> sent(packetId, message.key()))
          .onFailure(done::tryFail);
    }
    if (inFlight == 0 && next >= messages.size()) {
      done.tryComplete();
    }
  }

  private synchronized void sent(int packetId, String key) {
    if (ackedBeforeSent.remove(packetId)) {
      acked(key);
    } else {
      keyByPacket.put(packetId, key);
    }
  }

  private synchronized void onPubAck(int packetId) {
    String key = keyByPacket.remove(packetId);
    if (key == null) {
      ackedBeforeSent.add(packetId);
    } else {
      acked(key);
    }
  }

  private void acked(String key) {
    acknowledged.add(key);
    inFlight--;
    fill();
  }
}
