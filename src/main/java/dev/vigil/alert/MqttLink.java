package dev.vigil.alert;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of the alert stage, built on the verticle's Vert.x: connects (the first attempt's
 * Future is what start() returns), re-subscribes and reconnects with exponential backoff (250 ms
 * doubling to 10 s) whenever the broker goes away, and holds outgoing messages (up to
 * {@value #MAX_PENDING}, oldest dropped first) while it is disconnected. A message counts as sent
 * only when the broker's PUBACK arrives: one written to a connection that then dies is sent again
 * after the reconnect (at least once; an alert's id lets a subscriber drop the rare duplicate).
 * Use from one event loop.
 */
final class MqttLink {

  private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 10_000;
  static final int MAX_PENDING = 10_000;
  private static final long SUBACK_TIMEOUT_MS = 3_000;
  private static final int SUBSCRIBE_ATTEMPTS = 3;

  private record Outgoing(String topic, Buffer payload) {
  }

  private final Vertx vertx;
  private final AlertConfig config;
  private final List<String> subscriptions;
  private final MqttClient client;
  private final Deque<Outgoing> pending = new ArrayDeque<>();
  private final Map<Integer, Promise<Void>> awaitingSubAck = new HashMap<>();
  /** Written but not yet acknowledged, in the order they were written (LinkedHashMap keeps it). */
  private final Map<Integer, Outgoing> awaitingPubAck = new LinkedHashMap<>();
  private long backoffMs = FIRST_BACKOFF_MS;
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
    client.subscribeCompletionHandler(subAck -> {
      Promise<Void> waiting = awaitingSubAck.remove(subAck.messageId());
      if (waiting != null) {
        waiting.tryComplete();
      }
    });
    client.publishCompletionHandler(awaitingPubAck::remove);
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

  /** Publishes at QoS 1, now or as soon as the connection is back. */
  void publish(String topic, Buffer payload) {
    Outgoing message = new Outgoing(topic, payload);
    if (client.isConnected()) {
      send(message);
      return;
    }
    if (pending.size() >= MAX_PENDING) {
      Outgoing dropped = pending.removeFirst();
      LOG.warn("broker unreachable and {} messages waiting: dropping the oldest (topic {})", MAX_PENDING,
          dropped.topic());
    }
    pending.addLast(message);
  }


  boolean isConnected() {
    return client.isConnected();
  }

  private Future<Void> connect() {
    return client.connect(config.mqttPort(), config.mqttHost())
        .compose(ack -> subscribeAll())
        .onSuccess(v -> {
          backoffMs = FIRST_BACKOFF_MS;
          LOG.info("MQTT connected to {}:{} as {}", config.mqttHost(), config.mqttPort(), client.clientId());
          flushPending();
        });
  }

  private Future<Void> subscribeAll() {
    Future<Void> all = Future.succeededFuture();
    for (String filter : subscriptions) {
      all = all.compose(v -> subscribeConfirmed(filter, SUBSCRIBE_ATTEMPTS));
    }
    return all;
  }

  /**
   * Subscribes and waits for the SUBACK, not just for the SUBSCRIBE to be written: the embedded
   * broker (Moquette 0.17) now and then never answers a SUBSCRIBE sent right after CONNACK, and a
   * subscription it never confirmed is one it does not have. Sends it again when no SUBACK comes.
   */
  private Future<Void> subscribeConfirmed(String filter, int attemptsLeft) {
    Promise<Void> acked = Promise.promise();
    client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value())
        .onSuccess(messageId -> awaitingSubAck.put(messageId, acked))
        .onFailure(acked::tryFail);
    long timer = vertx.setTimer(SUBACK_TIMEOUT_MS, t -> acked.tryFail("no SUBACK for " + filter));
    return acked.future()
        .onComplete(done -> vertx.cancelTimer(timer))
        .recover(e -> attemptsLeft > 1 && client.isConnected() ? subscribeConfirmed(filter, attemptsLeft - 1)
            : Future.failedFuture(e));
  }

  private void flushPending() {
    while (client.isConnected() && !pending.isEmpty()) {
      send(pending.removeFirst());
    }
  }

  private void send(Outgoing message) {
    client.publish(message.topic(), message.payload(), MqttQoS.AT_LEAST_ONCE, false, false)
        .onSuccess(messageId -> awaitingPubAck.put(messageId, message))
        .onFailure(e -> {
          LOG.warn("MQTT publish on {} failed ({}); will send it again after reconnecting", message.topic(),
              e.getMessage());
          pending.addFirst(message);
        });
  }

  private void onConnectionLost() {
    if (stopped) {
      return;
    }
    requeueUnacknowledged();
    LOG.warn("MQTT connection to {}:{} lost; reconnecting in {} ms", config.mqttHost(), config.mqttPort(), backoffMs);
    scheduleReconnect();
  }

  /** A clean session forgets what it had in flight, so whatever the broker never acknowledged goes first again. */
  private void requeueUnacknowledged() {
    List<Outgoing> unacked = List.copyOf(awaitingPubAck.values());
    awaitingPubAck.clear();
    for (int i = unacked.size() - 1; i >= 0; i--) {
      pending.addFirst(unacked.get(i));
    }
    while (pending.size() > MAX_PENDING) {
      pending.removeFirst();
    }
  }

  private void scheduleReconnect() {
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    vertx.setTimer(delay, id -> {
      if (!stopped) {
        connect().onFailure(e -> {
          LOG.warn("MQTT reconnect to {}:{} failed ({}); next try in {} ms", config.mqttHost(), config.mqttPort(),
              e.getMessage(), backoffMs);
          scheduleReconnect();
        });
      }
    });
  }
}
