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
 * By default it holds a persistent session, as Vigil's ingest does: a broker keeps such a session's queue
 * where a restart finds it (HiveMQ writes it to disk), and a clean session's may stay in memory, so only the
 * persistent one measures the broker doing the work it does for Vigil.
 */
final class BrokerSubscriber implements AutoCloseable {

  static final String TOPIC_PREFIX = "bench-broker";

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final MqttClient client;
  private final String clientId;
  private final boolean cleanSession;

  private BrokerSubscriber(Vertx vertx, BrokerAddress broker, MqttClient client, String clientId,
      boolean cleanSession) {
    this.vertx = vertx;
    this.broker = broker;
    this.client = client;
    this.clientId = clientId;
    this.cleanSession = cleanSession;
  }

  static BrokerSubscriber subscribe(Vertx vertx, BrokerAddress broker, Tally tally, boolean cleanSession)
      throws Exception {
    String clientId = "bench-subscriber-" + UUID.randomUUID();
    MqttClient client = MqttClient.create(vertx, broker.clientOptions(clientId).setCleanSession(cleanSession));
    client.publishHandler(m -> {
      JsonObject reading = new JsonObject(m.payload());
      String device = m.topicName().substring(TOPIC_PREFIX.length() + 1, m.topicName().lastIndexOf('/'));
      tally.arrived(device, reading.getLong("seq"), Instant.parse(reading.getString("ts")));
    });
    client.connect(broker.port(), broker.host())
        .compose(ack -> client.subscribe(TOPIC_PREFIX + "/+/telemetry", MqttQoS.AT_LEAST_ONCE.value()))
        .await(30, TimeUnit.SECONDS);
    return new BrokerSubscriber(vertx, broker, client, clientId, cleanSession);
  }

  /** Leaves no session behind: a persistent one would go on queueing the next phases' messages for nobody. */
  @Override
  public void close() throws Exception {
    client.disconnect().await(10, TimeUnit.SECONDS);
    if (!cleanSession) {
      MqttClient discard = MqttClient.create(vertx, broker.clientOptions(clientId).setCleanSession(true));
      discard.connect(broker.port(), broker.host()).compose(ack -> discard.disconnect()).await(10, TimeUnit.SECONDS);
    }
  }
}
