package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.mqtt.Backoff;
import dev.vigil.mqtt.ConfirmedSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads telemetry from the broker and hands each reading to its device's scoring lane, in a cluster
 * to the lane of the instance that owns the device ({@link ReadingRouter}). A QoS 1
 * message is acknowledged (PUBACK) only when every reading in it is stored, or, when refused, once
 * its dead letter is stored. When the chain fails (database away, backlog full) the message is not
 * acknowledged; the broker redelivers it when the session resumes, so after a failure this verticle
 * drops and resumes its (persistent) session after a pause. Broker restarts and connection losses
 * are ridden out by reconnecting forever with backoff; only the first connection, at start, must
 * succeed, so that a wrong address or credentials fail the deployment with a clear message.
 */
public final class IngestVerticle extends VerticleBase {

  /** Longest wait for the chain (scoring, then store) to vouch for a reading. */
  static final long CHAIN_TIMEOUT_MS = 30_000;
  /** Larger than the contract's 64 KiB so that oversized payloads reach the parser and are dead-lettered. */
  static final int MAX_MESSAGE_BYTES = 1024 * 1024;
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long SUBACK_TIMEOUT_MS = 5_000;
  private static final long FAILURE_LOG_INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final IngestConfig config;
  private final IngestMetrics metrics;
  private final Supplier<ClusterView> cluster;
  private final DeliveryOptions chainOptions = new DeliveryOptions().setSendTimeout(CHAIN_TIMEOUT_MS);
  private final InFlightMessages inFlight = new InFlightMessages();
  private ReadingRouter router;
  private MqttClient client;
  private boolean stopping;
  private Backoff backoff;
  private long reconnectTimer = -1;
  private boolean redeliveryScheduled;
  private int redeliveryRounds;
  private long lastFailureLogAt;
  private int failuresSinceLog;

  /** An instance on its own: every reading goes to a lane of this instance. */
  public IngestVerticle(IngestConfig config, MeterRegistry registry) {
    this(config, registry, null);
  }

  /** @param cluster the current view of the cluster (device owners), or null when running alone */
  public IngestVerticle(IngestConfig config, MeterRegistry registry, Supplier<ClusterView> cluster) {
    this.config = config;
    this.metrics = new IngestMetrics(registry);
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, DeadLetter.class);
    backoff = new Backoff(FIRST_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, config.reconnectMaxMs()));
    router = new ReadingRouter(vertx, config.scoringLanes(), cluster, chainOptions, metrics);
    // The inbox first: the other members count this one as an owner from the moment it joined.
    return router.listen().compose(v -> connectAtStart(3).recover(e -> Future.failedFuture(
        new IllegalStateException("cannot subscribe to " + config.topicFilter() + " on the MQTT broker "
            + brokerAddress() + " as " + config.clientId() + ": " + e.getMessage(), e))));
  }

  /**
   * Moquette 0.17 now and then never answers the first SUBSCRIBE of a fresh connection; a reachable
   * broker that misses a SUBACK gets a few more tries. An unreachable one fails start at once.
   */
  private Future<Void> connectAtStart(int attemptsLeft) {
    return connect().recover(e -> attemptsLeft > 1 && e instanceof ConfirmedSubscriptions.NoSubAck
        ? connectAtStart(attemptsLeft - 1)
        : Future.failedFuture(e));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    // Graceful stop: finish and acknowledge what the chain holds, then disconnect (the session stays).
    return inFlight.drain().compose(v -> {
      MqttClient current = client;
      client = null;
      return current != null && current.isConnected() ? current.disconnect() : Future.succeededFuture();
    });
  }

  /** One connection: connect, resume the session, subscribe; the client becomes current once subscribed. */
  private Future<Void> connect() {
    MqttClient candidate = MqttClient.create(vertx, clientOptions());
    ConfirmedSubscriptions subscriptions = new ConfirmedSubscriptions(vertx, candidate, SUBACK_TIMEOUT_MS);
    candidate.publishHandler(message -> onPublish(candidate, message));
    candidate.closeHandler(v -> onConnectionLost(candidate));
    return candidate.connect(config.port(), config.host())
        .compose(connAck -> {
          LOG.info("connected to {} as {} ({})", brokerAddress(), config.clientId(),
              connAck.isSessionPresent() ? "session resumed" : "new session");
          return subscriptions.subscribe(config.topicFilter(), MqttQoS.AT_LEAST_ONCE);
        })
        .onSuccess(v -> client = candidate)
        .onFailure(e -> {
          if (candidate.isConnected()) {
            candidate.disconnect();
          }
        });
  }

  private MqttClientOptions clientOptions() {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(config.clientId())
        .setCleanSession(false) // the broker keeps our subscription and queues QoS 1 readings while we are away
        .setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setUsername(config.username())
        .setPassword(config.password());
    options.setAutoAck(false);
    options.setSsl(config.ssl());
    return options;
  }

  private void onConnectionLost(MqttClient lost) {
    if (stopping || lost != client) {
      return;
    }
    client = null;
    LOG.warn("lost the connection to {}; reconnecting", brokerAddress());
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    reconnectTimer = vertx.setTimer(backoff.nextDelayMs(), id -> {
      reconnectTimer = -1;
      if (stopping) {
        return;
      }
      connect()
          .onSuccess(v -> {
            metrics.reconnects.increment();
            backoff.reset();
          })
          .onFailure(e -> {
            if (backoff.attempts() == 1 || backoff.attempts() % 10 == 0) {
              LOG.warn("reconnect attempt {} to {} failed: {}", backoff.attempts(), brokerAddress(), e.getMessage());
            }
            scheduleReconnect();
          });
    });
  }

  private void onPublish(MqttClient via, MqttPublishMessage message) {
    if (!inFlight.admits()) {
      return; // stopping: unacknowledged, the broker redelivers it to the next session
    }
    metrics.received.increment();
    Instant receivedAt = Instant.now();
    byte[] payload = message.payload().getBytes();
    ParseResult result = TelemetryParser.parse(message.topicName(), payload, receivedAt);
    Future<Void> outcome = result instanceof ParseResult.Accepted accepted
        ? forward(accepted)
        : deadLetter(message.topicName(), payload, receivedAt, (ParseResult.Rejected) result);
    inFlight.settleWhenDone(outcome, done -> settle(via, message, result.deviceId(), done));
  }

  /** Each reading to its device's lane (or owner), in arrival order; done when the chain stored every one. */
  private Future<Void> forward(ParseResult.Accepted accepted) {
    metrics.accepted.increment(accepted.readings().size());
    List<Future<Void>> stored = accepted.readings().stream().map(router::route).toList();
    return Future.all(stored).mapEmpty();
  }

  private Future<Void> deadLetter(String topic, byte[] payload, Instant receivedAt, ParseResult.Rejected rejected) {
    Rejection rejection = rejected.rejection();
    metrics.rejected(rejection.reason()).increment();
    LOG.debug("refused a message of device {} on {}: {} ({})", rejected.deviceId(), topic, rejection.reason().code(),
        rejection.detail());
    DeadLetter letter = rejection.toDeadLetter(topic, rejected.deviceId(), payload, receivedAt);
    return vertx.eventBus().request(Addresses.STORE_DEAD_LETTERS, letter, chainOptions).mapEmpty();
  }

  /** The one place that decides: acknowledge a message the chain vouched for, else leave it to the broker. */
  private void settle(MqttClient via, MqttPublishMessage message, String deviceId, AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      redeliveryRounds = 0;
      if (message.qosLevel() != MqttQoS.AT_MOST_ONCE && via.isConnected()) {
        message.ack();
      }
      metrics.acked.increment();
      return;
    }
    metrics.unacked.increment();
    logChainFailure(deviceId, message.topicName(), outcome.cause());
    if (message.qosLevel() != MqttQoS.AT_MOST_ONCE) {
      scheduleRedelivery(via);
    }
  }

  /**
   * An MQTT 3.1.1 broker redelivers an unacknowledged message only when the session resumes, so after
   * a pause (growing while failures repeat) we drop the connection and let the reconnect resume it.
   */
  private void scheduleRedelivery(MqttClient via) {
    if (redeliveryScheduled || via != client) {
      return;
    }
    redeliveryScheduled = true;
    long delay = Math.min(config.reconnectMaxMs(), 1000L << Math.min(redeliveryRounds++, 20));
    vertx.setTimer(delay, id -> {
      redeliveryScheduled = false;
      if (via == client && via.isConnected() && !stopping) {
        LOG.info("resuming the broker session to get unacknowledged readings redelivered");
        via.disconnect();
      }
    });
  }

  private void logChainFailure(String deviceId, String topic, Throwable cause) {
    failuresSinceLog++;
    long now = System.currentTimeMillis();
    if (now - lastFailureLogAt >= FAILURE_LOG_INTERVAL_MS) {
      LOG.warn("{} message(s) not acknowledged since the last report (latest: device {} on {}): {}",
          failuresSinceLog, deviceId, topic, cause.getMessage());
      lastFailureLogAt = now;
      failuresSinceLog = 0;
    }
  }

  private String brokerAddress() {
    return (config.ssl() ? "mqtts://" : "mqtt://") + config.host() + ":" + config.port();
  }
}
