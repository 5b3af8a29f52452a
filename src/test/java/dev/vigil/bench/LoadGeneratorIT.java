package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench's load generator against the real broker: every reading goes out once, flat out or paced. */
class LoadGeneratorIT {

  private final Vertx vertx = Vertx.vertx();
  private volatile Instant lastTs;

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void publishesEveryReadingOnceAsFastAsTheBrokerAcknowledges() throws Exception {
    Map<String, Set<Long>> received = subscribe();
    LoadGenerator load = new LoadGenerator(vertx, broker(), new LoadSpec("devices", "bench-", 3, 3, 0, 200, 0));

    load.start().compose(v -> load.finished()).await(60, TimeUnit.SECONDS);

    assertThat(load.acknowledged()).isEqualTo(600);
    awaitReceived(received, 3, 200);
  }

  @Test
  void publishesEveryReadingOnceAtAFixedRateStampedWithItsDueTime() throws Exception {
    Map<String, Set<Long>> received = subscribe();
    Instant before = Instant.now();
    LoadGenerator load = new LoadGenerator(vertx, broker(), new LoadSpec("devices", "bench-", 2, 3, 200, 40, 0));

    load.start().compose(v -> load.finished()).await(60, TimeUnit.SECONDS);

    assertThat(load.acknowledged()).isEqualTo(80);
    awaitReceived(received, 2, 40);
    assertThat(lastTs).isAfter(before);
  }

  @Test
  void afterStopEveryReadingSentIsAcknowledgedAndDeliveredOnce() throws Exception {
    Map<String, Set<Long>> received = subscribe();
    LoadGenerator load = new LoadGenerator(vertx, broker(), new LoadSpec("devices", "bench-", 2, 3, 0, 0, 0));
    load.start().await(60, TimeUnit.SECONDS);
    while (load.acknowledged() < 50) {
      Thread.sleep(10);
    }

    load.stop();
    load.finished().await(60, TimeUnit.SECONDS);

    assertThat(load.acknowledged()).isEqualTo(load.sent());
    long perDevice0 = awaitCount(received, "bench-0", load);
    assertThat(perDevice0 + count(received, "bench-1")).isEqualTo(load.sent());
  }

  private static long awaitCount(Map<String, Set<Long>> received, String device, LoadGenerator load)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && count(received, "bench-0") + count(received, "bench-1") < load.sent()) {
      Thread.sleep(50);
    }
    return count(received, device);
  }

  private static long count(Map<String, Set<Long>> received, String device) {
    Set<Long> seqs = received.get(device);
    return seqs == null ? 0 : seqs.size();
  }

  private static BrokerAddress broker() {
    return BrokerAddress.parse(TestInfra.broker().url());
  }

  private Map<String, Set<Long>> subscribe() throws Exception {
    Map<String, Set<Long>> received = new ConcurrentHashMap<>();
    TestInfra.Broker broker = TestInfra.broker();
    MqttClient probe = MqttClient.create(vertx, new MqttClientOptions().setMaxInflightQueue(1000));
    probe.publishHandler(m -> {
      JsonObject reading = new JsonObject(m.payload());
      String device = m.topicName().split("/")[1];
      received.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(reading.getLong("seq"));
      lastTs = Instant.parse(reading.getString("ts"));
    });
    probe.connect(broker.port(), broker.host())
        .compose(ack -> probe.subscribe("devices/+/telemetry", MqttQoS.AT_LEAST_ONCE.value()))
        .await(10, TimeUnit.SECONDS);
    return received;
  }

  private static void awaitReceived(Map<String, Set<Long>> received, int devices, int perDevice)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && !complete(received, devices, perDevice)) {
      Thread.sleep(50);
    }
    for (int d = 0; d < devices; d++) {
      assertThat(received.get("bench-" + d)).as("seqs of bench-%d", d).hasSize(perDevice);
    }
  }

  private static boolean complete(Map<String, Set<Long>> received, int devices, int perDevice) {
    for (int d = 0; d < devices; d++) {
      Set<Long> seqs = received.get("bench-" + d);
      if (seqs == null || seqs.size() < perDevice) {
        return false;
      }
    }
    return true;
  }
}
