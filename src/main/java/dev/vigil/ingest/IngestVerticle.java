package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.Inbox;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.mqtt.Backoff;
import dev.vigil.mqtt.ConfirmedSubscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.net.NetSocket;
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
 * drops and resumes its (persistent) session after a pause. While too many readings wait for the chain it
 * stops reading from the broker ({@link IntakeValve}), so a broker that sends past its in-flight window does
 * not fill the store's backlog into refusals. Broker restarts and connection losses
 * are ridden out by reconnecting forever with backoff; only the first connection, at start, must
 * succeed, so that a wrong address or credentials fail the deployment with a clear message.
 */
public final class IngestVerticle extends VerticleBase {

  /** Longest wait for the chain (scoring, then store) to vouch for a reading. */
  static final long CHAIN_TIMEOUT_MS = 30_000;
  /**
   * The largest packet MQTT can carry (256 MiB), so that no packet a broker forwards ever trips the
   * decoder: Netty's MQTT decoder discards everything after a packet over its limit, which leaves the
   * connection deaf and the packet unacknowledged, to be redelivered (and block) forever. A payload over
   * the wire contract's 64 KiB is dead-lettered from its first bytes without being copied.
   */
  static final int MAX_MESSAGE_BYTES = 268_435_455;
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long SUBACK_TIMEOUT_MS = 5_000;
  private static final long FAILURE_LOG_INTERVAL_MS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

  private final IngestConfig config;
  private final IngestMetrics metrics;
  private final Supplier<ClusterView> cluster;
  private final DeliveryOptions chainOptions = new DeliveryOptions().setSendTimeout(CHAIN_TIMEOUT_MS);
  private final InFlightMessages inFlight = new InFlightMessages();
  private IntakeValve valve;
  private ChainDeadlines deadlines;
  private ReadingRouter router;
  private SessionAdoption adoption;
  private MqttClient client;
  private boolean stopping;
  private Backoff backoff;
  private long reconnectTimer = -1;
  private boolean redeliveryScheduled;
  private int redeliveryRounds;
  private long lastFailureLogAt;
  private int failuresSinceLog;
  private final RejectionLog rejectionLog = new RejectionLog();

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
    deadlines = new ChainDeadlines(vertx, CHAIN_TIMEOUT_MS);
    deadlines.start();
    valve = new IntakeValve(config.maxReadingsInFlight(), metrics.intakePauses);
    adoption = cluster == null ? null : new SessionAdoption(vertx, config, cluster, this::ingest);
    // The inbox first: the other members count this one as an owner from the moment it joined.
    return router.listen()
        .compose(v -> adoption == null ? Future.succeededFuture() : adoption.start())
        .compose(v -> connectAtStart(3).recover(e -> Future.failedFuture(
        new IllegalStateException("cannot subscribe to " + config.topicFilter() + " on the MQTT broker "
            + brokerAddress() + " as " + config.clientId() + ": " + e.getMessage(), e))));
  }

  /**
   * Some brokers now and then never answer the first SUBSCRIBE of a fresh connection (Moquette 0.17,
   * our embedded broker before HiveMQ); a reachable broker that misses a SUBACK gets a few more tries.
   * An unreachable one fails start at once.
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
    if (adoption != null) {
      adoption.stop();
    }
    // Graceful stop: finish and acknowledge what the chain holds, then disconnect (the session stays).
    return inFlight.drain().compose(v -> {
      deadlines.stop();
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
          NetSocket socket = BrokerConnection.socketOf(candidate);
          valve.attach(socket);
          BrokerConnection.consolidateFlushes(socket);
          LOG.info("connected to {} as {} ({})", brokerAddress(), config.clientId(),
              connAck.isSessionPresent() ? "session resumed" : "new session");
          return connAck.isSessionPresent()
              ? resubscribeInBackground(subscriptions)
              : subscriptions.subscribe(config.topicFilter(), MqttQoS.AT_LEAST_ONCE);
        })
        .onSuccess(v -> client = candidate)
        .onFailure(e -> {
          if (candidate.isConnected()) {
            candidate.disconnect();
          }
        });
  }

  /**
   * A resumed session already holds the subscription, and the broker sends its queued backlog before
   * it answers a new SUBSCRIBE: waiting for that SUBACK would make start-up depend on the backlog's
   * size. The SUBSCRIBE is still sent (it is idempotent) in case the topic filter changed; a refusal is logged.
   */
  private Future<Void> resubscribeInBackground(ConfirmedSubscriptions subscriptions) {
    subscriptions.subscribe(config.topicFilter(), MqttQoS.AT_LEAST_ONCE, 1)
        .onFailure(e -> LOG.warn("re-subscribing {} in the resumed session: {}", config.topicFilter(), e.getMessage()));
    return Future.succeededFuture();
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
    inFlight.settleWhenDone(ingest(message), done -> settle(via, message, done));
  }

  /**
   * The ingest path of one message, short of the acknowledgement: succeeds once every reading in it
   * is stored, or its dead letter is. Also how an adopted session is drained ({@link SessionAdoption}).
   */
  Future<Void> ingest(MqttPublishMessage message) {
    metrics.received.increment();
    Instant receivedAt = Instant.now();
    int length = message.payload().length();
    // An oversized payload is judged from its head: never copy megabytes only to refuse them.
    byte[] payload = message.payload().getBytes(0, Math.min(length, TelemetryParser.MAX_PAYLOAD_BYTES + 1));
    ParseResult result = TelemetryParser.parse(message.topicName(), payload, length, receivedAt);
    int items = result.itemCount();
    valve.taken(items);
    Future<Void> outcome = result instanceof ParseResult.Accepted accepted
        ? forward(accepted)
        : deadLetter(message, payload, length, receivedAt, (ParseResult.Rejected) result);
    return outcome.onComplete(done -> valve.settled(items));
  }

  /**
   * Each reading to its device's lane (or owner), in arrival order; done when the chain stored every one,
   * failed when it does not answer within {@link #CHAIN_TIMEOUT_MS}.
   */
  private Future<Void> forward(ParseResult.Accepted accepted) {
    List<Reading> readings = accepted.readings();
    metrics.accepted.increment(readings.size());
    if (readings.size() == 1) {
      return deadlines.bound(router.route(readings.get(0)));
    }
    return deadlines.bound(Future.all(readings.stream().map(router::route).toList()));
  }

  /**
   * Hands the refusal to the store's dead-letter writer (batched, sampled, on its own connection budget);
   * a redelivered copy is marked so that it is not counted twice.
   */
  private Future<Void> deadLetter(MqttPublishMessage message, byte[] head, int length, Instant receivedAt,
      ParseResult.Rejected rejected) {
    Rejection rejection = rejected.rejection();
    metrics.rejected(rejection.reason()).increment();
    logRefusal(rejected.deviceId(), message.topicName(), rejection);
    DeadLetter letter = rejection.toDeadLetter(message.topicName(), rejected.deviceId(), head, length, receivedAt,
        message.isDup());
    Inbox<DeadLetter, Void> store = Inbox.at(vertx, Addresses.STORE_DEAD_LETTERS);
    return store != null
        ? deadlines.bound(store.send(letter))
        : vertx.eventBus().request(Addresses.STORE_DEAD_LETTERS, letter, chainOptions).mapEmpty();
  }

  /** One line per device and reason and minute (RejectionLog), naming the field; the rest at debug level. */
  private void logRefusal(String deviceId, String topic, Rejection rejection) {
    RejectionLog.Line line = rejectionLog.refused(deviceId, rejection.reason());
    if (line == null) {
      LOG.debug("refused a message of device {} on {}: {} ({})", deviceId, topic, rejection.reason().code(),
          rejection.detail());
      return;
    }
    LOG.warn("refused a message of device {} on {}: {} ({}): {}{}", deviceId, topic, rejection.reason().words(),
        rejection.reason().code(), oneLine(rejection.detail()), line.suppressed() == 0 ? ""
            : "; " + line.suppressed() + " more refused for this reason since the last such line");
  }

  /** A parser's detail may span lines (Jackson's location); a log line must not. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ");
  }

  /** The one place that decides: acknowledge a message the chain vouched for, else leave it to the broker. */
  private void settle(MqttClient via, MqttPublishMessage message, AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      redeliveryRounds = 0;
      if (message.qosLevel() != MqttQoS.AT_MOST_ONCE && via.isConnected()) {
        message.ack();
      }
      metrics.acked.increment();
      return;
    }
    metrics.unacked.increment();
    logChainFailure(message.topicName(), outcome.cause());
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

  private void logChainFailure(String topic, Throwable cause) {
    failuresSinceLog++;
    long now = System.currentTimeMillis();
    if (now - lastFailureLogAt >= FAILURE_LOG_INTERVAL_MS) {
      LOG.warn("{} message(s) not acknowledged since the last report (latest on {}): {}",
          failuresSinceLog, topic, cause.getMessage());
      lastFailureLogAt = now;
      failuresSinceLog = 0;
    }
  }

  private String brokerAddress() {
    return (config.ssl() ? "mqtts://" : "mqtt://") + config.host() + ":" + config.port();
  }
}
