package dev.vigil.testsupport;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device that publishes QoS 1 readings (seq 0, 1, 2, ... each with its own ts) at a steady pace
 * and records which ones the broker acknowledged (PUBACK): the readings it was told were safe.
 * State is touched on the client's event loop only, except the acknowledged set.
 */
public final class AckCountingDevice {

  private final Vertx vertx;
  private final String deviceId;
  private final MqttClient client;
  private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Integer> seqByPacket = new HashMap<>();
  private final Set<Integer> ackedBeforeSent = new HashSet<>();
  private int nextSeq;
  private long timer = -1;
  private long reconnectTimer = -1;
  private boolean connecting;
  private volatile int refusedConnections;
  private volatile int failedConnections;

  public AckCountingDevice(Vertx vertx, String deviceId) {
    this.vertx = vertx;
    this.deviceId = deviceId;
    this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(deviceId).setMaxInflightQueue(1000));
    client.publishCompletionHandler(this::onPubAck);
  }

  public AckCountingDevice connect(int port) {
    client.connect(port, "127.0.0.1").await();
    return this;
  }

  /**
   * Connects again after the broker went away (e.g. the embedded broker stopped with Vigil). Readings
   * published while disconnected were never acknowledged, so they do not count.
   */
  public AckCountingDevice reconnect(int port) {
    if (!client.isConnected()) {
      client.connect(port, "127.0.0.1").await();
    }
    return this;
  }

  /**
   * As a real device does after its broker went away: tries to connect again every {@code periodMs}
   * until connected, counting the attempts the broker refused (a CONNACK with an error) apart from those
   * that found no broker, and keeps doing so until {@link #stop()}.
   */
  public void keepConnected(int port, long periodMs) {
    reconnectTimer = vertx.setPeriodic(periodMs, id -> {
      if (client.isConnected() || connecting) {
        return;
      }
      connecting = true;
      client.connect(port, "127.0.0.1").onComplete(result -> {
        connecting = false;
        if (result.failed() && result.cause() instanceof MqttConnectionException) {
          refusedConnections++;
        } else if (result.failed()) {
          failedConnections++;
        }
      });
    });
  }

  /** Connection attempts of {@link #keepConnected} that a broker answered with a refusal. */
  public int refusedConnections() {
    return refusedConnections;
  }

  /** Connection attempts of {@link #keepConnected} that found no broker. */
  public int failedConnections() {
    return failedConnections;
  }

  /** Publishes one reading every {@code periodMs} until {@link #stop()}. */
  public void publishEvery(long periodMs) {
    timer = vertx.setPeriodic(periodMs, id -> publishNext());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
  }

  public void disconnect() {
    stop();
    if (client.isConnected()) {
      client.disconnect().await();
    }
  }

  public String deviceId() {
    return deviceId;
  }

  /** How many readings were handed to the client (seq 0 up to this, exclusive). */
  public int published() {
    return nextSeq;
  }

  /** Seqs the broker acknowledged so far. */
  public Set<Integer> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  private void publishNext() {
    if (!client.isConnected()) {
      return; // the broker is away: nothing can be acknowledged, so nothing is sent
    }
    int seq = nextSeq++;
    JsonObject reading = new JsonObject().put("ts", Instant.now().toString()).put("seq", seq)
        .put("metrics", new JsonObject().put("power_w", 100.0 + seq % 7));
    client.publish("devices/" + deviceId + "/telemetry", Buffer.buffer(reading.encode()), MqttQoS.AT_LEAST_ONCE,
        false, false).onSuccess(packetId -> {
          if (ackedBeforeSent.remove(packetId)) {
            acknowledged.add(seq);
          } else {
            seqByPacket.put(packetId, seq);
          }
        });
  }

  /** The PUBACK may be handled before the publish Future's callback: both orders are counted. */
  private void onPubAck(int packetId) {
    Integer seq = seqByPacket.remove(packetId);
    if (seq != null) {
      acknowledged.add(seq);
    } else {
      ackedBeforeSent.add(packetId);
    }
  }
}
