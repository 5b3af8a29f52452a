package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Mosquitto with persistence on, killed (-9) or stopped (SIGTERM) and started again while devices
 * publish QoS 1 readings and count their PUBACKs; and the upgrade case where Vigil is away while the broker
 * restarts. Every reading a device was told was safe must be stored exactly once. Vigil subscribes without
 * {@code $share}: Mosquitto restores a plain subscription of a persistent session, not a shared one.
 */
class MosquittoRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(MosquittoRestartIT.class);
  private static final int DEVICES = 4;
  private static final long READINGS = 600;
  private static final long EVERY_MS = 10;
  private static final long BROKER_DOWN_MS = 3_000;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void needsMosquitto() {
    assumeTrue(MosquittoProcess.installed(), "needs " + MosquittoProcess.BINARY);
  }

  @Test
  void storesEveryAcknowledgedReadingExactlyOnceAcrossAKill9OfTheBroker() throws Exception {
    survivesABrokerRestart("kill9", MosquittoProcess::kill);
  }

  @Test
  void storesEveryAcknowledgedReadingExactlyOnceAcrossASigtermOfTheBroker() throws Exception {
    survivesABrokerRestart("sigterm", MosquittoProcess::terminate);
  }

  @Test
  void storesReadingsTheBrokerQueuedAfterItsRestartWhileVigilWasStopped() throws Exception {
    String prefix = "upgrade-" + run + "-";
    String deviceId = prefix + "0";
    try (MosquittoProcess broker = MosquittoProcess.start(List.of());
        IngestPipeline vigil = new IngestPipeline(broker.port(), "vigil-upgrade-" + run)) {
      vigil.startIngest();
      vigil.stopIngest();
      broker.awaitSaved(); // the session, subscribed and away, is on disk
      broker.kill();
      broker.restart();
      Vertx deviceVertx = Vertx.vertx();
      long acked;
      try {
        acked = publishAndCountPubacks(deviceVertx, broker.port(), deviceId, 200);
      } finally {
        await(deviceVertx.close());
      }
      long started = System.nanoTime();
      vigil.startIngest();
      awaitCondition("200 readings stored", () -> vigil.stored(prefix) >= acked, 60_000);
      LOG.info("upgrade case: acked {}, stored {}, distinct {}, drained in {} ms after Vigil started", acked,
          vigil.stored(prefix), vigil.distinctStored(prefix), (System.nanoTime() - started) / 1_000_000);
      assertThat(acked).as("PUBACKs the device received").isEqualTo(200);
      assertThat(vigil.missing(deviceId, 200)).as("acknowledged, not stored").isZero();
      assertThat(vigil.stored(prefix)).as("rows").isEqualTo(200);
    }
  }

  private interface Fault {
    void inflict(MosquittoProcess broker) throws Exception;
  }

  private void survivesABrokerRestart(String name, Fault fault) throws Exception {
    String prefix = name + "-" + run + "-";
    Vertx deviceVertx = Vertx.vertx();
    try (MosquittoProcess broker = MosquittoProcess.start(List.of());
        IngestPipeline vigil = new IngestPipeline(broker.port(), "vigil-" + name + "-" + run)) {
      vigil.startIngest();
      broker.awaitSaved(); // Vigil's session is on disk
      List<RetryingDevice> devices = new ArrayList<>();
      long firstTs = Instant.now().minusSeconds(3600).toEpochMilli();
      for (int d = 0; d < DEVICES; d++) {
        RetryingDevice device = new RetryingDevice(deviceVertx, prefix + d, "127.0.0.1", broker.port(), firstTs);
        device.start(READINGS, EVERY_MS);
        devices.add(device);
      }
      awaitCondition("a third stored", () -> vigil.stored(prefix) >= DEVICES * READINGS / 3, 60_000);
      fault.inflict(broker);
      long storedAtFault = vigil.stored(prefix);
      Thread.sleep(BROKER_DOWN_MS);
      broker.restart();
      long restartedAt = System.nanoTime();
      awaitCondition("storing again", () -> vigil.stored(prefix) > storedAtFault, 60_000);
      long recoveryMs = (System.nanoTime() - restartedAt) / 1_000_000;
      awaitCondition("every reading acknowledged", () -> devices.stream().allMatch(d -> d.acked() >= READINGS), 120_000);
      awaitCondition("every acknowledged reading stored", () -> vigil.stored(prefix) >= DEVICES * READINGS, 60_000);
      long acked = devices.stream().mapToLong(RetryingDevice::acked).sum();
      long lost = 0;
      for (int d = 0; d < DEVICES; d++) {
        lost += vigil.missing(prefix + d, READINGS);
      }
      long rows = vigil.stored(prefix);
      LOG.info("{}: {} devices x {} at {}/s each, broker down {} ms: acked {}, stored {}, lost {}, duplicated {},"
          + " first new row {} ms after the broker was back", name, DEVICES, READINGS, 1000 / EVERY_MS, BROKER_DOWN_MS,
          acked, rows, lost, rows - vigil.distinctStored(prefix), recoveryMs);
      assertThat(lost).as("acknowledged, not stored").isZero();
      assertThat(rows).as("rows, one per reading").isEqualTo(DEVICES * READINGS);
      assertThat(vigil.ingestMeters.counter("vigil.ingest.reconnects").count()).as("Vigil reconnected").isPositive();
    } finally {
      await(deviceVertx.close());
    }
  }

  /** Publishes seq 1..count at QoS 1, eight in flight, and returns how many PUBACKs came back. */
  static long publishAndCountPubacks(Vertx vertx, int port, String deviceId, int count) throws Exception {
    MqttClient device = MqttClient.create(vertx, new MqttClientOptions().setClientId("dev-" + deviceId)
        .setMaxInflightQueue(1000));
    await(device.connect(port, "127.0.0.1"));
    AtomicLong acked = new AtomicLong();
    device.publishCompletionHandler(id -> acked.incrementAndGet());
    long ts = Instant.now().minusSeconds(600).toEpochMilli();
    for (int seq = 1; seq <= count; seq++) {
      String payload = "{\"ts\":" + (ts + seq) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq + "}}";
      await(device.publish("devices/" + deviceId + "/telemetry", Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE,
          false, false));
    }
    awaitCondition("PUBACKs", () -> acked.get() >= count, 30_000);
    await(device.disconnect());
    return acked.get();
  }
}
