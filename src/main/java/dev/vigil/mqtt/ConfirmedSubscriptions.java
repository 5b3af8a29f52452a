package dev.vigil.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.util.HashMap;
import java.util.Map;

/**
 * Subscribes and completes only on the broker's SUBACK, not when the SUBSCRIBE is written: a
 * subscription the broker never confirmed may be one it does not have (some brokers now and then
 * leave the first SUBSCRIBE of a fresh connection unanswered). Fails with {@link NoSubAck} when no
 * answer comes in time and with a plain failure when the broker refuses the filter. Takes over the
 * client's subscribeCompletionHandler; use on the client's context.
 */
public final class ConfirmedSubscriptions {

  private static final int REFUSED = 0x80;

  private final Vertx vertx;
  private final MqttClient client;
  private final long timeoutMs;
  private final Map<Integer, Promise<Void>> awaitingSubAck = new HashMap<>();

  public ConfirmedSubscriptions(Vertx vertx, MqttClient client, long timeoutMs) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMs = timeoutMs;
    client.subscribeCompletionHandler(this::onSubAck);
  }

  /** The broker did not answer a SUBSCRIBE in time; worth another try. */
  public static final class NoSubAck extends RuntimeException {
    NoSubAck(String filter, long timeoutMs) {
      super("no SUBACK for " + filter + " within " + timeoutMs + " ms", null, false, false);
    }
  }

  public Future<Void> subscribe(String filter, MqttQoS qos) {
    Promise<Void> acked = Promise.promise();
    client.subscribe(filter, qos.value())
        .onSuccess(packetId -> {
          awaitingSubAck.put(packetId, acked);
          acked.future().onComplete(done -> awaitingSubAck.remove(packetId));
        })
        .onFailure(acked::tryFail);
    long timer = vertx.setTimer(timeoutMs, t -> acked.tryFail(new NoSubAck(filter, timeoutMs)));
    return acked.future()
        .onComplete(done -> vertx.cancelTimer(timer))
        .recover(e -> e instanceof NoSubAck ? Future.failedFuture(e)
            : Future.failedFuture(new IllegalStateException(e.getMessage() + " (" + filter + ")", e)));
  }

  /** Sends the SUBSCRIBE again while the broker leaves it unanswered, up to {@code attempts} times in all. */
  public Future<Void> subscribe(String filter, MqttQoS qos, int attempts) {
    return subscribe(filter, qos).recover(e -> e instanceof NoSubAck && attempts > 1 && client.isConnected()
        ? subscribe(filter, qos, attempts - 1)
        : Future.failedFuture(e));
  }

  private void onSubAck(MqttSubAckMessage subAck) {
    Promise<Void> waiting = awaitingSubAck.remove(subAck.messageId());
    if (waiting == null) {
      return;
    }
    if (subAck.grantedQoSLevels().contains(REFUSED)) {
      waiting.tryFail("the broker refused the subscription");
    } else {
      waiting.tryComplete();
    }
  }
}
