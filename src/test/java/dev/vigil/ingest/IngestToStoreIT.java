package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.PgPools;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreVerticle;
import dev.vigil.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real MQTT client publishes through a real broker; rows must appear in a real PostgreSQL. */
class IngestToStoreIT {

  private static final int LANES = 2;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String ingestClientId = "vigil-it-ingest-" + run;
  private Vertx vertx;
  private String pgUri;
  private MqttClient device;
  private TestInfra.Broker broker;

  @BeforeEach
  void startPipeline() throws Exception {
    broker = TestInfra.broker();
    pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(pgUri, 4, 100, 10, 10_000),
        PgPools.create(vertx, pgUri, 4), new SimpleMeterRegistry())));
    await(StandInScoringLanes.register(vertx, LANES));
    IngestConfig config = new IngestConfig(broker.host(), broker.port(), false, null, null, ingestClientId,
        IngestConfig.PLAIN_TOPIC_FILTER, 2000, LANES);
    await(vertx.deployVerticle(new IngestVerticle(config, new SimpleMeterRegistry())));
    device = MqttClient.create(vertx, new MqttClientOptions().setClientId("vigil-it-device-" + run));
    await(device.connect(broker.port(), broker.host()));
  }

  @AfterEach
  void stopPipeline() throws Exception {
    if (device != null) {
      await(device.disconnect());
    }
    await(vertx.close());
    forgetSession(ingestClientId);
  }

  @Test
  void storesAReadingWithTheTimestampAndSeqItWasSentWith() throws Exception {
    String id = "it-" + run + "-a";
    Instant ts = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    publish(id, "{\"ts\":\"" + ts + "\",\"seq\":41,\"metrics\":{\"power_w\":512.5}}");

    awaitCount("SELECT count(*) FROM readings WHERE device_id = '" + id + "'", n -> n == 1);
    assertThat(query("SELECT seq || ' ' || (extract(epoch FROM ts) * 1000)::bigint || ' ' || (metrics->>'power_w')"
        + " FROM readings WHERE device_id = '" + id + "'")).isEqualTo("41 " + ts.toEpochMilli() + " 512.5");
  }

  @Test
  void keepsTheUnitsADeviceDeclaresOnItsDeviceRowTheNewestOfEachWinning() throws Exception {
    String id = "it-" + run + "-units";
    publish(id, "{\"seq\":1,\"metrics\":{\"flow\":3.5,\"level\":2},\"units\":{\"flow\":\"L/min\",\"level\":\"m\"}}");
    awaitCount("SELECT count(*) FROM readings WHERE device_id = '" + id + "'", n -> n == 1);
    publish(id, "{\"seq\":2,\"metrics\":{\"flow\":3.6},\"units\":{\"flow\":\"m³/h\"}}");
    awaitCount("SELECT count(*) FROM readings WHERE device_id = '" + id + "'", n -> n == 2);

    assertThat(query("SELECT units::text FROM devices WHERE id = '" + id + "'"))
        .isEqualTo("{\"flow\": \"m³/h\", \"level\": \"m\"}");
  }

  @Test
  void keepsABadPayloadAsADeadLetterWithItsReasonAndStoresTheNextGoodOne() throws Exception {
    String id = "it-" + run + "-b";
    publish(id, "this is not json");
    publish(id, "{\"metrics\":{\"t\":NaN}}");
    publish(id, "{\"seq\":3,\"temperature\":22}");

    awaitCount("SELECT count(*) FROM readings WHERE device_id = '" + id + "'", n -> n == 1);
    awaitCount("SELECT count(*) FROM dead_letters WHERE device_id = '" + id + "'", n -> n == 2);
    assertThat(query("SELECT string_agg(reason, ',' ORDER BY id) FROM dead_letters WHERE device_id = '" + id + "'"))
        .isEqualTo("not_json,non_finite_value");
    assertThat(query("SELECT payload FROM dead_letters WHERE device_id = '" + id + "' AND reason = 'not_json'"))
        .isEqualTo("this is not json");
  }

  @Test
  void keepsAMessageOnABadTopicAsADeadLetterWithoutDevice() throws Exception {
    String topic = "devices/it " + run + "/telemetry";
    await(device.publish(topic, Buffer.buffer("{\"t\":1}"), MqttQoS.AT_LEAST_ONCE, false, false));
    awaitCount("SELECT count(*) FROM dead_letters WHERE topic = '" + topic + "' AND reason = 'bad_topic'"
        + " AND device_id IS NULL", n -> n == 1);
  }

  @Test
  void storesEveryElementOfAnArrayPayload() throws Exception {
    String id = "it-" + run + "-c";
    long t0 = Instant.now().minusSeconds(60).toEpochMilli();
    publish(id, "[{\"ts\":" + t0 + ",\"seq\":1,\"t\":1},{\"ts\":" + (t0 + 1000) + ",\"seq\":2,\"t\":2},"
        + "{\"ts\":" + (t0 + 2000) + ",\"seq\":3,\"metrics\":{\"t\":3}}]");

    awaitCount("SELECT count(*) FROM readings WHERE device_id = '" + id + "'", n -> n == 3);
    assertThat(query("SELECT string_agg(seq::text, ',' ORDER BY ts) FROM readings WHERE device_id = '" + id + "'"))
        .isEqualTo("1,2,3");
  }

  private void publish(String deviceId, String payload) throws Exception {
    await(device.publish("devices/" + deviceId + "/telemetry", Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE,
        false, false));
  }

  /** Removes the persistent session the ingest client left on the shared broker. */
  private void forgetSession(String clientId) throws Exception {
    Vertx cleanup = Vertx.vertx();
    try {
      MqttClient client = MqttClient.create(cleanup, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
      await(client.connect(broker.port(), broker.host()));
      await(client.disconnect());
    } finally {
      await(cleanup.close());
    }
  }

  private void awaitCount(String sql, LongPredicate done) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    long count = Long.parseLong(query(sql));
    while (!done.test(count) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      count = Long.parseLong(query(sql));
    }
    assertThat(done.test(count)).as("%s gave %d", sql, count).isTrue();
  }

  private String query(String sql) throws SQLException {
    return TestInfra.queryString(pgUri, sql);
  }


  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
