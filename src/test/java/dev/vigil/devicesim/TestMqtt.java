package dev.vigil.devicesim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking test-side MQTT client (vertx-mqtt underneath) that records every message it receives.
 * Tests call it from the JUnit thread, never from an event loop.
 */
final class TestMqtt {

  /** A received message. */
  record Received(String topic, String payload) {
  }

  private static final long WAIT_SECONDS = 10;

  private final MqttClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private Promise<List<Integer>> subAck;

  TestMqtt(Vertx vertx, String clientId, String username, String password, boolean cleanSession) {
    MqttClientOptions options = new MqttClientOptions();
    options.setClientId(clientId).setUsername(username).setPassword(password);
    options.setCleanSession(cleanSession);
    options.setAutoAck(true);
    options.setMaxInflightQueue(1000);
    client = MqttClient.create(vertx, options);
    client.publishHandler(message -> received.add(
        new Received(message.topicName(), message.payload().toString())));
    client.subscribeCompletionHandler(ack -> {
      if (subAck != null) {
        subAck.tryComplete(ack.grantedQoSLevels());
      }
    });
  }

  /** Connects; fails with the broker's refusal (an MqttConnectionException) if any. */
  Future<?> connect(int port) {
    return client.connect(port, "127.0.0.1");
  }

  TestMqtt connected(int port) throws Exception {
    await(connect(port));
    return this;
  }

  /** Subscribes at QoS 1 and waits for the SUBACK; returns the granted QoS (128 = refused). */
  int subscribe(String filter) throws Exception {
    subAck = Promise.promise();
    await(client.subscribe(filter, 1));
    return await(subAck.future()).get(0);
  }

  void publish(String topic, String payload) throws Exception {
    await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
  }

  /** The next message, or null when none arrives within the given time. */
  Received next(long timeout, TimeUnit unit) throws InterruptedException {
    return received.poll(timeout, unit);
  }

  /** Everything received so far and not yet taken. */
  List<Received> drain() {
    List<Received> all = new java.util.ArrayList<>();
    received.drainTo(all);
    return all;
  }

  void disconnect() throws Exception {
    if (client.isConnected()) {
      await(client.disconnect());
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
