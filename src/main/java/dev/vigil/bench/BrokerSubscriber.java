package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The broker-alone contender's receiving end: one QoS 1 subscriber that does nothing but read each
 * message's device, seq and send time and acknowledge it (vertx-mqtt acknowledges once the handler returns).
 */
final class BrokerSubscriber implements AutoCloseable {

  static final String TOPIC_PREFIX = "bench-broker";

  private final MqttClient client;

  private BrokerSubscriber(MqttClient client) {
    this.client = client;
  }

  static BrokerSubscriber subscribe(Vertx vertx, BrokerAddress broker, Tally tally) throws Exception {
    MqttClient client = MqttClient.create(vertx,
        broker.clientOptions("bench-subscriber-" + UUID.randomUUID()).setCleanSession(true));
    client.publishHandler(m -> {
      JsonObject reading = new JsonObject(m.payload());
      String device = m.topicName().substring(TOPIC_PREFIX.length() + 1, m.topicName().lastIndexOf('/'));
      tally.arrived(device, reading.getLong("seq"), Instant.parse(reading.getString("ts")));
    });
    client.connect(broker.port(), broker.host())
        .compose(ack -> client.subscribe(TOPIC_PREFIX + "/+/telemetry", MqttQoS.AT_LEAST_ONCE.value()))
        .await(30, TimeUnit.SECONDS);
    return new BrokerSubscriber(client);
  }

  @Override
  public void close() throws Exception {
    client.disconnect().await(10, TimeUnit.SECONDS);
  }
}
