package dev.vigil.sim;

import dev.vigil.mqtt.Backoff;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device with its own MQTT connection, behaving as a careful real device does:
 * QoS 1, a retained last will "offline" on its status topic and a retained "online" on connect,
 * every reading kept in a bounded buffer until the broker acknowledged it, reconnection with
 * exponential backoff, and a backlog flushed in order as JSON arrays. Runs on one Vert.x context.
 */
final class SimulatedDevice {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);
  private static final int MAX_IN_FLIGHT = 16;
  private static final int MAX_PER_ARRAY = 100;

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final SignalGenerator generator;
  private final double rate;
  private final FleetStats stats;
  private final int maxBuffered;
  private final String telemetryTopic;
  private final String statusTopic;
  private final Deque<JsonObject> backlog = new ArrayDeque<>();
  private final Map<Integer, List<JsonObject>> inFlight = new LinkedHashMap<>();
  private final Set<Integer> earlyAcks = new HashSet<>();
  private MqttClient client;
  private boolean connected;
  private boolean stopped;
  private int publishing;
  private final Backoff backoff = new Backoff(250, 10_000);
  private long timerId = -1;
  private Instant firstTs;
  private long produced;

  SimulatedDevice(Vertx vertx, BrokerAddress broker, SignalGenerator generator, double rate, FleetStats stats,
      int maxBuffered) {
    this.vertx = vertx;
    this.broker = broker;
    this.generator = generator;
    this.rate = rate;
    this.stats = stats;
    this.maxBuffered = maxBuffered;
    this.telemetryTopic = "devices/" + generator.deviceId() + "/telemetry";
    this.statusTopic = "devices/" + generator.deviceId() + "/status";
  }

  String deviceId() {
    return generator.deviceId();
  }

  /** Connects (retrying in the background) and starts producing readings from {@code first}. */
  void start(Instant first) {
    firstTs = first;
    connect();
    long tickMs = Math.max(20, Math.min(1000, Math.round(1000 / rate)));
    timerId = vertx.setPeriodic(tickMs, id -> produceDueReadings());
  }

  /** Stops producing, says "offline" itself (a clean disconnect does not fire the will) and disconnects. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    generator.finish();
    MqttClient current = client;
    if (current == null || !connected) {
      return Future.succeededFuture();
    }
    connected = false;
    stats.connected.decrementAndGet();
    return current.publish(statusTopic, Buffer.buffer("offline"), MqttQoS.AT_LEAST_ONCE, false, true)
        .compose(id -> current.disconnect())
        .recover(e -> Future.succeededFuture());
  }

  private void produceDueReadings() {
    long due = (long) Math.floor((System.currentTimeMillis() - firstTs.toEpochMilli()) * rate / 1000.0) + 1;
    while (produced < due && !stopped) {
      Instant ts = firstTs.plusNanos(Math.round(produced * 1e9 / rate));
      produced++;
      generator.next(ts).ifPresent(sample -> enqueue(sample.toJson()));
    }
    pump();
  }

  private void enqueue(JsonObject reading) {
    stats.generated.increment();
    backlog.addLast(reading);
    stats.buffered.increment();
    if (backlog.size() > maxBuffered) {
      backlog.removeFirst();
      stats.buffered.decrement();
      stats.dropped.increment();
    }
  }

  private void connect() {
    if (stopped) {
      return;
    }
    MqttClientOptions options = broker.clientOptions("sim-" + generator.deviceId())
        .setCleanSession(true)
        .setMaxInflightQueue(MAX_IN_FLIGHT + 4)
        .setWillFlag(true)
        .setWillTopic(statusTopic)
        .setWillMessageBytes(Buffer.buffer("offline"))
        .setWillQoS(1)
        .setWillRetain(true);
    MqttClient attempt = MqttClient.create(vertx, options);
    client = attempt;
    attempt.publishCompletionHandler(this::onAcknowledged);
    attempt.closeHandler(v -> onClosed(attempt));
    attempt.exceptionHandler(e -> LOG.debug("MQTT error on device {}", generator.deviceId(), e));
    attempt.connect(broker.port(), broker.host())
        .compose(ack -> attempt.publish(statusTopic, Buffer.buffer("online"), MqttQoS.AT_LEAST_ONCE, false, true))
        .onSuccess(id -> onConnected(attempt))
        .onFailure(e -> onConnectFailed(attempt, e));
  }

  private void onConnected(MqttClient attempt) {
    if (attempt != client || stopped) {
      attempt.disconnect();
      return;
    }
    connected = true;
    backoff.reset();
    stats.connected.incrementAndGet();
    LOG.debug("Device {} connected to {}", generator.deviceId(), broker);
    pump();
  }

  private void onConnectFailed(MqttClient attempt, Throwable e) {
    LOG.debug("Device {} cannot connect to {}: {}", generator.deviceId(), broker, e.getMessage());
    if (attempt == client && !connected) {
      client = null;
      scheduleReconnect();
    }
  }

  /** The connection is gone: unacknowledged readings go back to the front of the backlog, in order. */
  private void onClosed(MqttClient closed) {
    if (closed != client) {
      return;
    }
    if (connected) {
      stats.connected.decrementAndGet();
    }
    connected = false;
    client = null;
    List<List<JsonObject>> unacked = new ArrayList<>(inFlight.values());
    for (int i = unacked.size() - 1; i >= 0; i--) {
      List<JsonObject> chunk = unacked.get(i);
      for (int j = chunk.size() - 1; j >= 0; j--) {
        backlog.addFirst(chunk.get(j));
      }
    }
    inFlight.clear();
    earlyAcks.clear();
    publishing = 0;
    if (!stopped) {
      LOG.info("Device {} lost its broker connection; {} readings buffered", generator.deviceId(), backlog.size());
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (stopped) {
      return;
    }
    stats.reconnects.increment();
    vertx.setTimer(backoff.nextDelayMs(), id -> connect());
  }

  /** Sends the backlog while the window allows: single readings as objects, a backlog as arrays. */
  private void pump() {
    MqttClient current = client;
    while (connected && current != null && !backlog.isEmpty() && publishing < MAX_IN_FLIGHT) {
      List<JsonObject> chunk = new ArrayList<>();
      while (!backlog.isEmpty() && chunk.size() < MAX_PER_ARRAY) {
        chunk.add(backlog.removeFirst());
      }
      Buffer payload = chunk.size() == 1 ? chunk.get(0).toBuffer() : new JsonArray(new ArrayList<>(chunk)).toBuffer();
      publishing++;
      stats.published.add(chunk.size());
      current.publish(telemetryTopic, payload, MqttQoS.AT_LEAST_ONCE, false, false)
          .onSuccess(packetId -> track(current, packetId, chunk))
          .onFailure(e -> requeue(current, chunk, e));
    }
  }

  private void track(MqttClient sender, int packetId, List<JsonObject> chunk) {
    if (sender != client) {
      return;
    }
    if (earlyAcks.remove(packetId)) {
      settle(chunk);
    } else {
      inFlight.put(packetId, chunk);
    }
  }

  private void onAcknowledged(int packetId) {
    List<JsonObject> chunk = inFlight.remove(packetId);
    if (chunk == null) {
      // a publish whose id is not yet tracked (its Future has not run yet); else the status message
      if (publishing > inFlight.size() + earlyAcks.size()) {
        earlyAcks.add(packetId);
      }
      return;
    }
    settle(chunk);
  }

  private void settle(List<JsonObject> chunk) {
    publishing--;
    stats.acknowledged.add(chunk.size());
    stats.buffered.add(-chunk.size());
    pump();
  }

  private void requeue(MqttClient sender, List<JsonObject> chunk, Throwable e) {
    LOG.debug("Device {} publish failed: {}", generator.deviceId(), e.getMessage());
    stats.published.add(-chunk.size());
    if (sender == client) {
      publishing--;
    }
    for (int j = chunk.size() - 1; j >= 0; j--) {
      backlog.addFirst(chunk.get(j));
    }
  }
}
