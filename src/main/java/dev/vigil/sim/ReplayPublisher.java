package dev.vigil.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes one device's readings with QoS 1 and a bounded number in flight. {@link #send} blocks
 * its caller while the window is full, so it is for a command's own thread, never an event loop;
 * the MQTT client itself runs on one Vert.x context.
 */
public final class ReplayPublisher {

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final String deviceId;
  private final int maxInFlight;
  private final Semaphore window;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Context context;
  private MqttClient client;

  public ReplayPublisher(Vertx vertx, BrokerAddress broker, String deviceId, int maxInFlight) {
    this.vertx = vertx;
    this.broker = broker;
    this.deviceId = deviceId;
    this.maxInFlight = maxInFlight;
    this.window = new Semaphore(maxInFlight);
    this.context = vertx.getOrCreateContext();
  }

  /** Connects as the device (last will "offline", retained) and says "online". */
  public Future<Void> connect() {
    Promise<Void> connected = Promise.promise();
    context.runOnContext(v -> {
      MqttClientOptions options = broker.clientOptions("replay-" + deviceId).setCleanSession(true)
          .setMaxInflightQueue(maxInFlight + 2).setWillFlag(true).setWillTopic(statusTopic())
          .setWillMessageBytes(Buffer.buffer("offline")).setWillQoS(1).setWillRetain(true);
      client = MqttClient.create(vertx, options);
      // the first acknowledgement is the status message's; only telemetry counts after it
      Promise<Void> statusAcked = Promise.promise();
      client.publishCompletionHandler(id -> statusAcked.tryComplete());
      client.closeHandler(closed -> onLost("the broker closed the connection"));
      client.connect(broker.port(), broker.host())
          .compose(ack -> client.publish(statusTopic(), Buffer.buffer("online"), MqttQoS.AT_LEAST_ONCE, false, true))
          .compose(id -> statusAcked.future())
          .onSuccess(acked -> client.publishCompletionHandler(id -> onAcknowledged()))
          .onComplete(connected);
    });
    return connected.future();
  }

  /** Publishes one reading (object or array); waits while {@code maxInFlight} are unacknowledged. */
  public void send(JsonObject reading) throws InterruptedException {
    window.acquire();
    throwIfFailed();
    Buffer payload = reading.toBuffer();
    sent.incrementAndGet();
    context.runOnContext(v -> client.publish("devices/" + deviceId + "/telemetry", payload, MqttQoS.AT_LEAST_ONCE,
        false, false).onFailure(e -> onLost("publish failed: " + e.getMessage())));
  }

  /** Waits until every sent reading is acknowledged; false if that did not happen in time. */
  public boolean awaitAcknowledged(Duration patience) throws InterruptedException {
    if (!window.tryAcquire(maxInFlight, patience.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    window.release(maxInFlight);
    return failure.get() == null;
  }

  /** Says "offline" and disconnects. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      if (client == null || !client.isConnected()) {
        closed.complete();
        return;
      }
      client.closeHandler(null);
      client.publish(statusTopic(), Buffer.buffer("offline"), MqttQoS.AT_LEAST_ONCE, false, true)
          .compose(id -> client.disconnect())
          .onComplete(done -> closed.complete());
    });
    return closed.future();
  }

  public long sent() {
    return sent.get();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  /** Why the replay cannot go on (connection lost), or null. */
  public String failure() {
    return failure.get();
  }

  private void onAcknowledged() {
    acknowledged.incrementAndGet();
    window.release();
  }

  private void onLost(String why) {
    if (failure.compareAndSet(null, why)) {
      window.release(maxInFlight * 2);
    }
  }

  private void throwIfFailed() {
    String why = failure.get();
    if (why != null) {
      throw new IllegalStateException("replay stopped: " + why);
    }
  }

  private String statusTopic() {
    return "devices/" + deviceId + "/status";
  }
}
