package dev.vigil.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST-ONLY publisher that sends a list of messages at QoS 1 as fast as the broker takes them ({@link #WINDOW}
 * in flight) and counts the PUBACKs it receives, for valid and hostile messages apart. All state lives on
 * the context of the Vert.x instance it was given.
 */
final class FloodPublisher {

  static final int WINDOW = 500;

  /** One message: where it goes, its bytes, and whether Vigil must store it as a reading. */
  record Message(String topic, byte[] payload, boolean valid) {
  }

  final AtomicLong validAcked = new AtomicLong();
  final AtomicLong hostileAcked = new AtomicLong();
  private final Vertx vertx;
  private final int port;
  private final String clientId;
  private final Map<Integer, Boolean> inFlight = new HashMap<>();
  private final java.util.Set<Integer> ackedEarly = new java.util.HashSet<>();
  private int outstanding;
  private List<Message> messages;
  private int next;
  private Promise<Void> done;
  private MqttClient client;

  FloodPublisher(Vertx vertx, int port, String clientId) {
    this.vertx = vertx;
    this.port = port;
    this.clientId = clientId;
  }

  /** Completes when every message was acknowledged by the broker. */
  Future<Void> publish(List<Message> toSend) {
    Promise<Void> finished = Promise.promise();
    vertx.runOnContext(v -> {
      messages = toSend;
      next = 0;
      done = finished;
      connected().onSuccess(c -> pump()).onFailure(finished::tryFail);
    });
    return finished.future();
  }

  Future<Void> disconnect() {
    return client == null ? Future.succeededFuture() : client.disconnect();
  }

  private Future<MqttClient> connected() {
    if (client != null && client.isConnected()) {
      return Future.succeededFuture(client);
    }
    client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setMaxInflightQueue(WINDOW * 2)
        .setMaxMessageSize(268_435_455));
    client.publishCompletionHandler(this::acked);
    return client.connect(port, "127.0.0.1").map(client);
  }

  private void acked(int packetId) {
    Boolean valid = inFlight.remove(packetId);
    if (valid == null) {
      ackedEarly.add(packetId); // the PUBACK overtook the completion of our own write
      return;
    }
    count(valid);
  }

  private void sent(int packetId, boolean valid) {
    if (ackedEarly.remove(packetId)) {
      count(valid);
    } else {
      inFlight.put(packetId, valid);
    }
  }

  private void count(boolean valid) {
    (valid ? validAcked : hostileAcked).incrementAndGet();
    outstanding--;
    pump();
  }

  private void pump() {
    while (outstanding < WINDOW && next < messages.size()) {
      Message m = messages.get(next++);
      outstanding++;
      client.publish(m.topic(), Buffer.buffer(m.payload()), MqttQoS.AT_LEAST_ONCE, false, false)
          .onSuccess(id -> sent(id, m.valid()))
          .onFailure(done::tryFail);
    }
    if (next >= messages.size() && outstanding == 0) {
      done.tryComplete();
    }
  }
}
