package dev.vigil.app;

import dev.vigil.sim.BrokerAddress;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes readings as fast as the broker acknowledges them, from many device connections, each
 * keeping a fixed window of QoS 1 messages in flight. Every reading carries its send time in
 * {@code ts}, so the receiving side can measure end-to-end latency.
 */
final class LoadGenerator {

  private static final int WINDOW = 8;

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final int devices;
  private final long perDevice;
  private final double ratePerDevice;
  private final AtomicLong acknowledged = new AtomicLong();

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

  /** Completes when every device has had all its readings acknowledged by the broker. */
  Future<Void> run() {
    List<Future<Void>> all = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      all.add(runDevice("bench-" + d));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> runDevice(String deviceId) {
    MqttClientOptions options = broker.clientOptions(deviceId).setMaxInflightQueue(WINDOW * 2);
    MqttClient client = MqttClient.create(vertx, options);
    Promise<Void> done = Promise.promise();
    long[] sent = {0};
    long[] acked = {0};
    client.publishCompletionHandler(packetId -> {
      acknowledged.incrementAndGet();
      if (++acked[0] == perDevice) {
        client.disconnect().onComplete(v -> done.tryComplete());
      } else if (ratePerDevice == 0 && sent[0] < perDevice) {
        publish(client, deviceId, sent[0]++);
      }
    });
    client.connect(broker.port(), broker.host()).onSuccess(ack -> {
      if (ratePerDevice > 0) {
        paced(client, deviceId, sent);
      } else {
        for (int i = 0; i < WINDOW && sent[0] < perDevice; i++) {
          publish(client, deviceId, sent[0]++);
        }
      }
    }).onFailure(done::tryFail);
    return done.future();
  }

  /** Offers a fixed rate: latency then measures Vigil, not a queue the generator built up. */
  private void paced(MqttClient client, String deviceId, long[] sent) {
    long periodMs = Math.max(1, Math.round(1000 / ratePerDevice));
    vertx.setPeriodic(periodMs, timer -> {
      if (sent[0] >= perDevice) {
        vertx.cancelTimer(timer);
      } else {
        publish(client, deviceId, sent[0]++);
      }
    });
  }

  private static void publish(MqttClient client, String deviceId, long seq) {
    double phase = seq / 50.0;
    JsonObject reading = new JsonObject().put("ts", Instant.now().toString()).put("seq", seq)
        .put("metrics", new JsonObject()
            .put("power_w", 800 + 300 * Math.sin(phase) + (seq % 7) * 3)
            .put("voltage_v", 230 + Math.cos(phase)));
    client.publish("devices/" + deviceId + "/telemetry", reading.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, false);
  }

}
