package dev.vigil.sim;

import static dev.vigil.sim.BrokerForTests.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSimulatorIT {

  private final Vertx vertx = Vertx.vertx();
  private final BrokerAddress broker = BrokerForTests.address();
  private final String prefix = BrokerForTests.uniquePrefix();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void threeDevicesPublishValidTelemetryAndRetainTheirPresence(@TempDir Path tmp) throws Exception {
    Map<String, List<JsonObject>> telemetry = new ConcurrentHashMap<>();
    MqttClient observer = BrokerForTests.observer(vertx, broker);
    observer.publishHandler(m -> {
      String device = m.topicName().split("/")[1];
      if (device.startsWith(prefix) && m.topicName().endsWith("/telemetry")) {
        telemetry.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>()).add(m.payload().toJsonObject());
      }
    });
    observer.subscribe("devices/+/telemetry", 1).await(10, TimeUnit.SECONDS);

    FleetSimulator fleet = new FleetSimulator(vertx, SimulatorOptions.of(broker, 3).withRate(5).withIdPrefix(prefix)
        .withLabels(tmp.resolve("labels.jsonl")));
    fleet.start().await(10, TimeUnit.SECONDS);
    awaitCondition("five readings from each of 3 devices", Duration.ofSeconds(30),
        () -> telemetry.size() == 3 && telemetry.values().stream().allMatch(l -> l.size() >= 5));

    assertThat(telemetry.keySet()).containsExactlyInAnyOrderElementsOf(fleet.deviceIds());
    telemetry.values().forEach(FleetSimulatorIT::assertWireContract);
    assertThat(retainedStatuses(fleet.deviceIds())).containsOnlyKeys(fleet.deviceIds()).containsValues("online")
        .doesNotContainValue("offline");

    fleet.stop().await(10, TimeUnit.SECONDS);
    assertThat(fleet.finished().succeeded()).isTrue();
    assertThat(fleet.stats().acknowledged()).isGreaterThanOrEqualTo(15);
    assertThat(retainedStatuses(fleet.deviceIds())).containsOnlyKeys(fleet.deviceIds()).doesNotContainValue("online");
    assertThat(tmp.resolve("labels.jsonl")).exists();
    clearRetained(fleet.deviceIds());
  }

  private static void assertWireContract(List<JsonObject> readings) {
    long previousSeq = 0;
    for (JsonObject reading : readings) {
      assertThat(Instant.parse(reading.getString("ts"))).isBefore(Instant.now().plusSeconds(5));
      long seq = reading.getLong("seq");
      assertThat(seq).isGreaterThan(previousSeq);
      previousSeq = seq;
      JsonObject metrics = reading.getJsonObject("metrics");
      assertThat(metrics.size()).isBetween(1, 64);
      metrics.forEach(e -> {
        assertThat(e.getKey()).matches("[A-Za-z0-9_.-]{1,64}");
        assertThat(((Number) e.getValue()).doubleValue()).isFinite();
      });
    }
    assertThat(readings.get(0).encode().length()).isLessThan(64 * 1024);
  }

  /** What a client connecting now sees on each device's status topic (retained messages only). */
  private Map<String, String> retainedStatuses(List<String> deviceIds) throws Exception {
    Map<String, String> statuses = new ConcurrentHashMap<>();
    MqttClient late = BrokerForTests.observer(vertx, broker);
    late.publishHandler(m -> {
      if (m.isRetain()) {
        statuses.put(m.topicName().split("/")[1], m.payload().toString());
      }
    });
    for (String id : deviceIds) {
      late.subscribe("devices/" + id + "/status", 1).await(10, TimeUnit.SECONDS);
    }
    awaitCondition("a retained status for every device", Duration.ofSeconds(10),
        () -> statuses.size() == deviceIds.size());
    late.disconnect().await(5, TimeUnit.SECONDS);
    return statuses;
  }

  private void clearRetained(List<String> deviceIds) throws Exception {
    MqttClient cleaner = BrokerForTests.observer(vertx, broker);
    for (String id : deviceIds) {
      cleaner.publish("devices/" + id + "/status", io.vertx.core.buffer.Buffer.buffer(),
          io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE, false, true).await(5, TimeUnit.SECONDS);
    }
    cleaner.disconnect().await(5, TimeUnit.SECONDS);
  }

}
