package dev.vigil.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drain of a departed cluster member's broker session, run by the survivor that adopted it.
 * Connects with the member's client id and clean session off (Mosquitto then hands over what it
 * queued for that session, and redelivers what the member had received but not acknowledged),
 * unsubscribes from the member's filter at once (the broker stops giving that session a share of the
 * devices; what is already queued stays queued), puts every message through the ordinary ingest
 * path and acknowledges it once stored. It is done when the broker confirmed the unsubscribe,
 * nothing is unsettled and nothing arrived for {@link #QUIET_MS}: with the subscription gone and
 * the in-flight window empty, Mosquitto has nothing left to send. The session itself is left on the
 * broker, empty and without subscriptions: wiping it (clean session) could destroy the session of
 * the member itself if it came back at that very moment.
 *
 * <p>Fails, leaving the rest to a later adoption, when a message cannot be stored, or when the
 * connection drops (for example because the member came back and took its client id over).
 */
final class AdoptedSession {

  /** How long nothing may arrive, with nothing unsettled, before the session counts as drained. */
  static final long QUIET_MS = 2_000;
  private static final long CHECK_MS = 250;
  private static final Logger LOG = LoggerFactory.getLogger(AdoptedSession.class);

  private final Vertx vertx;
  private final IngestConfig config;
  private final String clientId;
  private final String topicFilter;
  private final Function<MqttPublishMessage, Future<Void>> ingest;
  private final Promise<Long> done = Promise.promise();
  private MqttClient client;
  private boolean unsubscribed;
  private int unsettled;
  private long stored;
  private long lastActivityAt = System.currentTimeMillis();

  /**
   * @param clientId    the departed member's MQTT client id
   * @param topicFilter the filter its session is subscribed to
   * @param ingest      the ordinary ingest path: succeeds once the message is stored (or dead-lettered)
   */
  AdoptedSession(Vertx vertx, IngestConfig config, String clientId, String topicFilter,
      Function<MqttPublishMessage, Future<Void>> ingest) {
    this.vertx = vertx;
    this.config = config;
    this.clientId = clientId;
    this.topicFilter = topicFilter;
    this.ingest = ingest;
  }

  /** Drains the session; succeeds with the number of messages stored from it. Call on a Vert.x context. */
  Future<Long> drain() {
    client = MqttClient.create(vertx, options());
    client.publishHandler(this::onPublish);
    client.unsubscribeCompletionHandler(packetId -> {
      unsubscribed = true;
      lastActivityAt = System.currentTimeMillis();
    });
    client.closeHandler(v -> done.tryFail("the connection to the broker closed while draining " + clientId));
    long check = vertx.setPeriodic(CHECK_MS, id -> completeWhenDrained());
    client.connect(config.port(), config.host())
        .compose(connAck -> {
          LOG.info("adopted the broker session of {} ({}); draining it", clientId,
              connAck.isSessionPresent() ? "session present" : "no session left");
          return client.unsubscribe(topicFilter);
        })
        .onFailure(done::tryFail);
    return done.future().onComplete(result -> {
      vertx.cancelTimer(check);
      if (client.isConnected()) {
        client.disconnect();
      }
    });
  }

  /** Stops a drain early (the instance is stopping); unacknowledged messages stay with the broker. */
  void abandon() {
    done.tryFail("abandoned (stopping)");
  }

  private void onPublish(MqttPublishMessage message) {
    unsettled++;
    lastActivityAt = System.currentTimeMillis();
    ingest.apply(message).onComplete(outcome -> {
      unsettled--;
      lastActivityAt = System.currentTimeMillis();
      if (outcome.failed()) {
        done.tryFail(new IllegalStateException("a message of " + clientId + " was not stored: "
            + outcome.cause().getMessage(), outcome.cause()));
        return;
      }
      stored++;
      if (message.qosLevel() != MqttQoS.AT_MOST_ONCE && client.isConnected()) {
        message.ack();
      }
    });
  }

  private void completeWhenDrained() {
    if (unsubscribed && unsettled == 0 && System.currentTimeMillis() - lastActivityAt >= QUIET_MS) {
      done.tryComplete(stored);
    }
  }

  private MqttClientOptions options() {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(clientId)
        .setCleanSession(false) // the point: resume the departed member's session, with its queue
        .setMaxMessageSize(IngestVerticle.MAX_MESSAGE_BYTES)
        .setUsername(config.username())
        .setPassword(config.password());
    options.setAutoAck(false);
    options.setSsl(config.ssl());
    return options;
  }
}
