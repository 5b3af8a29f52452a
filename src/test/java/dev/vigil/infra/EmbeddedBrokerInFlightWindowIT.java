package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.IngestConfig;
import dev.vigil.testsupport.CountingMqttClients.Publisher;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vigil acknowledges a reading only once it is committed, so the number of unacknowledged messages the
 * broker sends ahead is ingest's ceiling. HiveMQ's own window for an MQTT 3 client is 50; the embedded
 * broker must send Vigil a whole in-flight window of {@link EmbeddedBrokerSettings#IN_FLIGHT_WINDOW}
 * (two store batches) before it hears a single PUBACK.
 */
class EmbeddedBrokerInFlightWindowIT {

  private static final long BOUND_MS = 60_000;

  private Vertx vertx;
  private Path dataDir;
  private EmbeddedBroker broker;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    dataDir = Files.createTempDirectory("vigil-broker-window");
    broker = EmbeddedBroker.start(TestInfra.freePort(), dataDir);
  }

  @AfterEach
  void tearDown() {
    try {
      broker.close();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void sendsVigilAWholeInFlightWindowBeforeAnyAcknowledgement() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<MqttPublishMessage> unacknowledged = new CopyOnWriteArrayList<>();
    MqttClientOptions options = new MqttClientOptions().setClientId("vigil-window-" + run).setCleanSession(false);
    options.setAutoAck(false);
    MqttClient vigil = MqttClient.create(vertx, options);
    vigil.publishHandler(unacknowledged::add);
    vigil.connect(broker.port(), "127.0.0.1").await(30, TimeUnit.SECONDS);
    vigil.subscribe(IngestConfig.PLAIN_TOPIC_FILTER, MqttQoS.AT_LEAST_ONCE.value()).await(30, TimeUnit.SECONDS);

    Publisher device = new Publisher(vertx, broker.port(), "device-window-" + run);
    device.connect();
    int window = EmbeddedBrokerSettings.IN_FLIGHT_WINDOW;
    assertThat(device.publish("devices/window-" + run + "/telemetry", 0, window)).isEqualTo(window + 1);
    device.disconnect();

    // HiveMQ sends what it queued for a session when the session has nothing in flight: the first
    // message went out alone as it arrived, and its acknowledgement releases the rest.
    awaitDelivered(unacknowledged, 1);
    unacknowledged.remove(0).ack();
    awaitDelivered(unacknowledged, window);
    assertThat(unacknowledged).as("messages delivered to Vigil while it acknowledged none").hasSize(window);
    unacknowledged.forEach(MqttPublishMessage::ack);
    vigil.disconnect().await(10, TimeUnit.SECONDS);
  }

  private static void awaitDelivered(List<MqttPublishMessage> delivered, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + BOUND_MS;
    while (delivered.size() < count && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
  }
}
