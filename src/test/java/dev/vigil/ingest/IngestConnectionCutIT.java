package dev.vigil.ingest;

import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.PgPools;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreVerticle;
import dev.vigil.testsupport.TcpRelay;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vigil's connection to the real broker dies in the middle of a QoS 1 stream, at the worst moment:
 * Vigil has stored readings and sent their PUBACKs, but the PUBACKs never reached the broker. The
 * broker must hand those readings over again when Vigil's session resumes, and keep queueing what
 * the device sends meanwhile. Every reading ends up stored exactly once. The device talks to the
 * broker directly; only Vigil's link goes through a relay the test cuts.
 */
class IngestConnectionCutIT {

  private static final long READINGS = 400;
  private static final long BEFORE_CUT = 100;

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry ingestMeters = new SimpleMeterRegistry();
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String clientId = "vigil-cut-" + run;
  private TcpRelay relay;
  private String pgUri;

  @BeforeEach
  void vigilBehindACuttableLink() throws Exception {
    TestInfra.Broker broker = TestInfra.broker();
    relay = TcpRelay.to(broker.host(), broker.port());
    pgUri = TestInfra.freshDatabase();
    await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 4, 100, 10, 10_000),
        PgPools.create(vertx, pgUri, 4), new SimpleMeterRegistry())));
    await(StandInScoringLanes.register(vertx, 2));
    IngestConfig config = new IngestConfig("127.0.0.1", relay.port(), false, null, null, clientId,
        IngestConfig.PLAIN_TOPIC_FILTER, 1000, 2);
    await(vertx.deployVerticle(new IngestVerticle(config, ingestMeters)));
  }

  @AfterEach
  void forgetTheSession() throws Exception {
    await(vertx.close());
    relay.close();
    // The broker would keep queueing every test's telemetry for this persistent session forever.
    Vertx cleaner = Vertx.vertx();
    try {
      TestInfra.Broker broker = TestInfra.broker();
      MqttClient client = MqttClient.create(cleaner, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
      await(client.connect(broker.port(), broker.host()).compose(ack -> client.disconnect()));
    } finally {
      cleaner.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void storesEveryReadingOnceWhenTheLinkDiesWithAcknowledgementsInFlight() throws Exception {
    String deviceId = "cut-" + run;
    TestInfra.Broker broker = TestInfra.broker();
    RetryingDevice device = new RetryingDevice(vertx, deviceId, broker.host(), broker.port(),
        Instant.now().minusSeconds(3600).toEpochMilli());
    // The rest is held back until the link swallows: under load the test could see the first 100 stored only
    // once every reading was, and then nothing was left to cross the swallowing link.
    device.produce(1, BEFORE_CUT, 10);
    awaitCondition(() -> stored(deviceId) == BEFORE_CUT, BEFORE_CUT + " readings stored");

    relay.swallowClientBytes();
    long storedBefore = stored(deviceId);
    device.produce(BEFORE_CUT + 1, READINGS, 10);
    awaitCondition(() -> stored(deviceId) > storedBefore + 5 && relay.swallowedBytes() > 0,
        "readings stored whose PUBACKs the link swallowed");
    relay.cut();
    relay.restore();

    awaitCondition(() -> stored(deviceId) == READINGS && device.acked() == READINGS, "every reading stored");
    assertThat(TestInfra.queryString(pgUri, "SELECT count(*) FROM generate_series(1, " + READINGS + ") s"
        + " WHERE s NOT IN (SELECT seq FROM readings WHERE device_id = '" + deviceId + "')"))
        .as("seqs never stored").isEqualTo("0");
    assertThat(ingestMeters.counter("vigil.ingest.reconnects").count()).isGreaterThanOrEqualTo(1);
    assertThat(ingestMeters.counter("vigil.ingest.received").count())
        .as("messages received, counting the broker's redeliveries of the swallowed acknowledgements")
        .isGreaterThan(READINGS);
  }

  private long stored(String deviceId) {
    try {
      return Long.parseLong(TestInfra.queryString(pgUri,
          "SELECT count(*) FROM readings WHERE device_id = '" + deviceId + "'"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }
}
