package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.devicesim.ProjectMosquitto;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the project's broker config (mosquitto/mosquitto.conf, acl, logins by add-device.sh), a device that
 * connects with a client id and a clean session takes over and wipes the session of that id. Mosquitto 2.0
 * cannot tie a client id to a login without tying every login to its id (docs: mosquitto/README.md), so
 * Vigil's default id carries a tag derived from its password: the id the old default predicted
 * ({@code vigil-<host>-<port>}) is no longer Vigil's, and Vigil's queue survives a device trying it.
 */
class ClientIdTakeoverIT {

  private static final String VIGIL_PASSWORD = "vigil-secret-13";
  private static final String DEVICE_PASSWORD = "dev-a-secret";
  private static final String INSTANCE = "vigil-host-8080";
  private static final int QUEUED = 10;

  @TempDir
  Path dir;

  @Test
  void aDeviceUsingThePredictableIdLeavesVigilsQueuedReadingsIntact() throws Exception {
    long delivered = queuedReadingsDeliveredAfter(IngestConfig.defaultClientId(INSTANCE, "vigil", VIGIL_PASSWORD),
        "vigil-" + INSTANCE);
    assertThat(delivered).as("queued readings stored after the takeover attempt").isEqualTo(QUEUED);
  }

  /** The control: the same attack with Vigil's real id wipes the queue, so the test above can tell. */
  @Test
  void aDeviceThatKnowsVigilsIdWipesItsQueueSoTheIdMustStaySecret() throws Exception {
    String id = IngestConfig.defaultClientId(INSTANCE, "vigil", VIGIL_PASSWORD);
    assertThat(queuedReadingsDeliveredAfter(id, id)).as("queued readings stored after a real takeover").isZero();
  }

  /** Vigil subscribes and goes away; the device queues readings, then connects with {@code attackerId}, clean. */
  private long queuedReadingsDeliveredAfter(String vigilId, String attackerId) throws Exception {
    assumeTrue(ProjectMosquitto.installed(), "needs /usr/sbin/mosquitto");
    Vertx deviceVertx = Vertx.vertx();
    try (ProjectMosquitto broker = new ProjectMosquitto(dir);
        IngestPipeline vigil = new IngestPipeline(broker.port(), vigilId, "vigil", VIGIL_PASSWORD)) {
      broker.addDevice("vigil", VIGIL_PASSWORD);
      broker.addDevice("dev-a", DEVICE_PASSWORD);
      broker.start();
      vigil.startIngest();
      vigil.stopIngest();
      assertThat(publishAsDevA(deviceVertx, broker.port())).as("PUBACKs").isEqualTo(QUEUED);

      MqttClient attacker = MqttClient.create(deviceVertx, new MqttClientOptions().setClientId(attackerId)
          .setCleanSession(true).setUsername("dev-a").setPassword(DEVICE_PASSWORD));
      await(attacker.connect(broker.port(), "127.0.0.1"));
      await(attacker.disconnect());

      vigil.startIngest();
      // Long enough for a queue of 10 to drain many times over; a wiped queue stays empty.
      IngestPipeline.waitFor(() -> vigil.stored("dev-a") >= QUEUED, 10_000);
      return vigil.stored("dev-a");
    } finally {
      await(deviceVertx.close());
    }
  }

  private static long publishAsDevA(Vertx vertx, int port) throws Exception {
    MqttClient device = MqttClient.create(vertx, new MqttClientOptions().setClientId("dev-a")
        .setUsername("dev-a").setPassword(DEVICE_PASSWORD));
    await(device.connect(port, "127.0.0.1"));
    AtomicLong acked = new AtomicLong();
    device.publishCompletionHandler(id -> acked.incrementAndGet());
    long ts = Instant.now().minusSeconds(600).toEpochMilli();
    for (int seq = 1; seq <= QUEUED; seq++) {
      String payload = "{\"ts\":" + (ts + seq) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq + "}}";
      await(device.publish("devices/dev-a/telemetry", Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
    }
    awaitCondition("PUBACKs", () -> acked.get() >= QUEUED, 30_000);
    await(device.disconnect());
    return acked.get();
  }
}
