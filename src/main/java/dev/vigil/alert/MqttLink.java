package dev.vigil.alert;

import dev.vigil.mqtt.Backoff;
import dev.vigil.mqtt.ConfirmedSubscriptions;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of the alert stage, built on the verticle's Vert.x: connects (the first
 * attempt's Future is what start() returns), re-subscribes (confirmed by SUBACK) and reconnects with
 * exponential backoff (250 ms doubling to 10 s, jittered) whenever the broker goes away, and holds outgoing messages (up to
 * {@value #MAX_PENDING}, oldest dropped first) while it is disconnected. A message counts as sent
 * only when the broker's PUBACK arrives: one written to a connection that then dies is sent again
 * after the reconnect (at least once; an alert's id lets a subscriber drop the rare duplicate).
 * Use from one event loop.
 */
final class MqttLink {

  private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
  static final int MAX_PENDING = 10_000;
  /** Unacknowledged publishes at a time; more wait in order (the client refuses past its own limit). */
  private static final int MAX_IN_FLIGHT = 500;
  private static final long SUBACK_TIMEOUT_MS = 3_000;
  private static final int SUBSCRIBE_ATTEMPTS = 3;

  /** One message to send; compared by identity, since two alerts may well be equal. */
  private static final class Outgoing {
    private final String topic;
    private final Buffer payload;

    Outgoing(String topic, Buffer payload) {
      this.topic = topic;
      this.payload = payload;
    }
  }

  private final Vertx vertx;
  private final AlertConfig config;
  private final List<String> subscriptions;
  private final MqttClient client;
  private final Deque<Outgoing> pending = new ArrayDeque<>();
  private final ConfirmedSubscriptions subscribing;
  private final Backoff backoff = new Backoff(250, 10_000);
  /** Sent and not yet acknowledged, in the order they were sent. */
  private final Set<Outgoing> inFlight = new LinkedHashSet<>();
  private final Map<Integer, Outgoing> byPacketId = new HashMap<>();
  private boolean stopped;

  MqttLink(Vertx vertx, AlertConfig config, String clientIdPrefix, List<String> subscriptions,
      Handler<MqttPublishMessage> onMessage) {
    this.vertx = vertx;
    this.config = config;
    this.subscriptions = List.copyOf(subscriptions);
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(clientIdPrefix + "-" + UUID.randomUUID().toString().substring(0, 8))
        .setCleanSession(true)
        .setSsl(config.mqttSsl())
        .setMaxInflightQueue(1000)
        .setAutoKeepAlive(true);
    if (config.mqttUsername() != null && !config.mqttUsername().isEmpty()) {
      options.setUsername(config.mqttUsername()).setPassword(config.mqttPassword());
    }
    this.client = MqttClient.create(vertx, options);
    if (onMessage != null) {
      client.publishHandler(onMessage);
    }
    this.subscribing = new ConfirmedSubscriptions(vertx, client, SUBACK_TIMEOUT_MS);
    client.publishCompletionHandler(this::onPubAck);
    client.closeHandler(v -> onConnectionLost());
  }

  /** Connects once; fails when the broker does not answer (later losses are retried forever). */
  Future<Void> start() {
    return connect();
  }

  Future<Void> stop() {
    stopped = true;
    return client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }

  /** Publishes at QoS 1, in order, now or as soon as the connection is back. */
  void publish(String topic, Buffer payload) {
    if (pending.size() >= MAX_PENDING) {
      Outgoing dropped = pending.removeFirst();
      LOG.warn("{} messages waiting for the broker: dropping the oldest (topic {})", MAX_PENDING, dropped.topic);
    }
    pending.addLast(new Outgoing(topic, payload));
    flushPending();
  }

  boolean isConnected() {
    return client.isConnected();
  }

  private Future<Void> connect() {
    return client.connect(config.mqttPort(), config.mqttHost())
        .compose(ack -> subscribeAll())
        .onSuccess(v -> {
          backoff.reset();
          LOG.info("MQTT connected to {}:{} as {}", config.mqttHost(), config.mqttPort(), client.clientId());
          flushPending();
        });
  }

  private Future<Void> subscribeAll() {
    Future<Void> all = Future.succeededFuture();
    for (String filter : subscriptions) {
      all = all.compose(v -> subscribing.subscribe(filter, MqttQoS.AT_LEAST_ONCE, SUBSCRIBE_ATTEMPTS));
    }
    return all;
  }

  private void flushPending() {
    while (client.isConnected() && !pending.isEmpty() && inFlight.size() < MAX_IN_FLIGHT) {
      send(pending.removeFirst());
    }
  }

  /** In flight from now until its PUBACK, even if the write fails: the connection loss that follows requeues it. */
  private void send(Outgoing message) {
    inFlight.add(message);
    client.publish(message.topic, message.payload, MqttQoS.AT_LEAST_ONCE, false, false)
        .onSuccess(packetId -> {
          if (inFlight.contains(message)) {
            byPacketId.put(packetId, message);
          }
        })
        .onFailure(e -> LOG.warn("MQTT publish on {} failed ({}); sending it again after the reconnect",
            message.topic, e.getMessage()));
  }

  private void onPubAck(int packetId) {
    Outgoing acked = byPacketId.remove(packetId);
    if (acked != null) {
      inFlight.remove(acked);
      flushPending();
    }
  }

  private void onConnectionLost() {
    if (stopped) {
      return;
    }
    requeueUnacknowledged();
    LOG.warn("MQTT connection to {}:{} lost; reconnecting", config.mqttHost(), config.mqttPort());
    scheduleReconnect();
  }

  /** A clean session forgets what it had in flight, so whatever the broker never acknowledged goes first again. */
  private void requeueUnacknowledged() {
    List<Outgoing> unacked = List.copyOf(inFlight);
    inFlight.clear();
    byPacketId.clear();
    for (int i = unacked.size() - 1; i >= 0; i--) {
      pending.addFirst(unacked.get(i));
    }
    while (pending.size() > MAX_PENDING) {
      pending.removeFirst();
    }
  }

  private void scheduleReconnect() {
    vertx.setTimer(backoff.nextDelayMs(), id -> {
      if (!stopped) {
        connect().onFailure(e -> {
          LOG.warn("MQTT reconnect attempt {} to {}:{} failed ({})", backoff.attempts(), config.mqttHost(),
              config.mqttPort(), e.getMessage());
          scheduleReconnect();
        });
      }
    });
  }
}
