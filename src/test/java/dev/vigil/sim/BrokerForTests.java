package dev.vigil.sim;

import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The test broker (VIGIL_TEST_MQTT_URL, else the local Mosquitto) and a few helpers for ITs. */
final class BrokerForTests {

  private BrokerForTests() {
  }

  static BrokerAddress address() {
    String url = System.getenv("VIGIL_TEST_MQTT_URL");
    return BrokerAddress.parse(url == null || url.isBlank() ? "mqtt://127.0.0.1:1883" : url);
  }

  /** A connected observer client with a fresh id, on the given Vert.x. */
  static MqttClient observer(Vertx vertx, BrokerAddress broker) throws Exception {
    MqttClientOptions options = broker.clientOptions("observer-" + UUID.randomUUID()).setCleanSession(true)
        .setMaxMessageSize(256 * 1024);
    MqttClient client = MqttClient.create(vertx, options);
    client.connect(broker.port(), broker.host()).await(10, TimeUnit.SECONDS);
    return client;
  }

  /** Waits for a condition of the system under test; fails (not a timing assertion) if it never holds. */
  static void awaitCondition(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(50);
    }
  }

  static String uniquePrefix() {
    return "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }
}
