package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes readings from many device connections, each keeping at most a fixed window of QoS 1
 * messages unacknowledged: as fast as the broker acknowledges them, or at a fixed offered rate.
 * Every reading carries in {@code ts} the moment it was due, so the receiving side measures
 * end-to-end latency including any time it had to wait for the window (no coordinated omission).
 */
final class LoadGenerator {

  /** Unacknowledged messages per device when running flat out. */
  private static final int WINDOW = 8;
  /** Per device at a fixed rate: room for a slow moment before readings have to wait. */
  private static final int PACED_WINDOW = 100;

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final int devices;
  private final long perDevice;
  private final double ratePerDevice;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong waitedForWindow = new AtomicLong();

  /** @param ratePerDevice readings per second each device offers; 0: as fast as the broker acknowledges */
  LoadGenerator(Vertx vertx, BrokerAddress broker, int devices, long perDevice, double ratePerDevice) {
    this.vertx = vertx;
    this.broker = broker;
    this.devices = devices;
    this.perDevice = perDevice;
    this.ratePerDevice = ratePerDevice;
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Readings that were due while their device's window was full, and so went out late. */
  long waitedForWindow() {
    return waitedForWindow.get();
  }

  /** Completes when every device has had all its readings acknowledged by the broker. */
  Future<Void> run() {
    List<Future<Void>> all = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      all.add(new DeviceLoad("bench-" + d).run());
    }
    return Future.all(all).mapEmpty();
  }

  /** One device's connection: readings become due (all at once, or on a timer) and go out as the window allows. */
  private final class DeviceLoad {
    private final String deviceId;
    private final boolean paced = ratePerDevice > 0;
    private final int window = paced ? PACED_WINDOW : WINDOW;
    private final MqttClient client;
    /** When each reading not yet sent fell due (paced only; flat out, every reading is due at once). */
    private final Deque<Instant> dueTimes = new ArrayDeque<>();
    private final Promise<Void> done = Promise.promise();
    private long madeDue;
    private long sent;
    private long acked;

    DeviceLoad(String deviceId) {
      this.deviceId = deviceId;
      this.client = MqttClient.create(vertx, broker.clientOptions(deviceId).setMaxInflightQueue(window));
    }

    Future<Void> run() {
      client.publishCompletionHandler(packetId -> onAck());
      client.connect(broker.port(), broker.host()).onSuccess(ack -> {
        if (paced) {
          long periodMs = Math.max(1, Math.round(1000 / ratePerDevice));
          vertx.setPeriodic(periodMs, timer -> {
            if (madeDue < perDevice) {
              makeDue(1);
            } else {
              vertx.cancelTimer(timer);
            }
          });
        } else {
          makeDue(perDevice);
        }
      }).onFailure(done::tryFail);
      return done.future();
    }

    private void makeDue(long count) {
      if (paced) {
        Instant now = Instant.now();
        for (long i = 0; i < count; i++) {
          dueTimes.addLast(now);
        }
        if (sent - acked >= window) {
          waitedForWindow.incrementAndGet();
        }
      }
      madeDue += count;
      pump();
    }

    private void pump() {
      while (sent < madeDue && sent - acked < window) {
        publish(paced ? dueTimes.removeFirst() : Instant.now(), sent++);
      }
    }

    private void onAck() {
      acknowledged.incrementAndGet();
      if (++acked == perDevice) {
        client.disconnect().onComplete(v -> done.tryComplete());
      } else {
        pump();
      }
    }

    private void publish(Instant dueAt, long seq) {
      double phase = seq / 50.0;
      JsonObject reading = new JsonObject().put("ts", dueAt.toString()).put("seq", seq)
          .put("metrics", new JsonObject()
              .put("power_w", 800 + 300 * Math.sin(phase) + (seq % 7) * 3)
              .put("voltage_v", 230 + Math.cos(phase)));
      client.publish("devices/" + deviceId + "/telemetry", reading.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false)
          .onFailure(done::tryFail);
    }
  }
}
