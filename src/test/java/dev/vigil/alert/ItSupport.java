package dev.vigil.alert;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Shared plumbing of the alert ITs: config, waiting, readings and an independent MQTT subscriber. */
final class ItSupport {

  static final long WAIT_SECONDS = 15;

  private ItSupport() {
  }

  static AlertConfig config(String seedRules, long offlineAfterSeconds) {
    TestInfra.Broker broker = TestInfra.broker();
    return new AlertConfig(seedRules, 2, 2, offlineAfterSeconds, broker.host(), broker.port(), false, null, null);
  }

  static String uniqueDevice(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Takes messages until one matches; fails the test if none does in time. */
  static JsonObject next(BlockingQueue<JsonObject> queue, Predicate<JsonObject> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      JsonObject m = queue.poll(200, TimeUnit.MILLISECONDS);
      if (m != null && wanted.test(m)) {
        return m;
      }
    }
    throw new AssertionError("no matching message within " + WAIT_SECONDS + " s");
  }

  static ScoredReading warmingUp(String device, String metric, double value) {
    return ScoredReading.warmingUp(new Reading(device, Instant.now(), 0, Map.of(metric, value), Instant.now()));
  }

  static ScoredReading anomalous(String device, double score) {
    Reading r = new Reading(device, Instant.now(), 0, Map.of("vibration", 9.5), Instant.now());
    return new ScoredReading(r, score, true, false, 1,
        List.of(new ScoredReading.Contribution("vibration", 9.5, 0.8, 2.1, 0.92)));
  }

  /** Subscribes an independent MQTT client (its own client id) to {@code topic}; JSON payloads land in the queue. */
  static BlockingQueue<JsonObject> subscribe(Vertx vertx, String topic) throws Exception {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    TestInfra.Broker broker = TestInfra.broker();
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("probe-" + UUID.randomUUID()));
    client.publishHandler(m -> received.add(new JsonObject(m.payload())));
    await(client.connect(broker.port(), broker.host())
        .compose(ack -> client.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value())));
    return received;
  }

  /** Publishes a raw MQTT message as a device would. */
  static void publish(Vertx vertx, String topic, String payload, boolean retain) throws Exception {
    TestInfra.Broker broker = TestInfra.broker();
    MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("device-" + UUID.randomUUID()));
    await(client.connect(broker.port(), broker.host())
        .compose(ack -> client.publish(topic, io.vertx.core.buffer.Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE,
            false, retain))
        .compose(id -> client.disconnect()));
  }
}
