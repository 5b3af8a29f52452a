package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.EmbeddedBroker;
import dev.vigil.bus.Addresses;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The alert forwarder survives a broker restart: it reconnects by itself and publishes what came meanwhile. */
class AlertMqttReconnectIT {

  private final Vertx vertx = Vertx.vertx();
  private EmbeddedBroker broker;

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void forwardsAlertsRaisedWhileTheBrokerWasDownOnceItIsBack() throws Exception {
    int port = TestInfra.freePort();
    Path dir = Files.createTempDirectory("vigil-alert-broker");
    broker = EmbeddedBroker.start(port, dir);
    AlertConfig config = new AlertConfig("", 2, 2, 300, "127.0.0.1", port, false, null, null);
    await(vertx.deployVerticle(new AlertMqttVerticle(config, null)));
    // A subscriber with a persistent session: whatever reaches the broker for it after the restart is
    // kept for it even if it reconnects after the forwarder does.
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    MqttClient probe = MqttClient.create(vertx, new MqttClientOptions().setClientId("probe-reconnect")
        .setCleanSession(false));
    probe.publishHandler(m -> received.add(new JsonObject(m.payload())));
    await(probe.connect(port, "127.0.0.1").compose(ack -> probe.subscribe("alerts/garage",
        MqttQoS.AT_LEAST_ONCE.value())).compose(id -> probe.disconnect()));

    broker.close();
    vertx.eventBus().publish(Addresses.ALERTS, new JsonObject().put("deviceId", "garage").put("id", 1));
    broker = EmbeddedBroker.start(port, dir);
    await(probe.connect(port, "127.0.0.1"));
    JsonObject alert = received.poll(ItSupport.WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(alert).isNotNull();
    assertThat(alert.getInteger("id")).isEqualTo(1);
  }
}
