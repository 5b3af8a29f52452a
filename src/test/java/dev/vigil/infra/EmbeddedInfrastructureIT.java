package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The zero-install mode's own infrastructure, started the way `vigil serve` starts it. */
class EmbeddedInfrastructureIT {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @Test
  void embeddedPostgresStartsEvenAsRootKeepsItsDataAndTakesTheMigrations() throws Exception {
    Path dataDir = Files.createTempDirectory("vigil-embedded-it");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertThat(Migrations.migrate(db.uri())).isGreaterThanOrEqualTo(1);
      query(db.uri(), "INSERT INTO rules (metric, operator, value, severity) VALUES ('power_w', '>', 3000, 'high')");
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir, 0)) {
      assertThat(Migrations.migrate(again.uri())).isZero();
      Row row = query(again.uri(), "SELECT count(*) AS n FROM rules").iterator().next();
      assertThat(row.getLong("n")).isEqualTo(1L);
    }
  }

  @Test
  void embeddedBrokerDeliversQos1TelemetryToASubscriber() throws Exception {
    int port = dev.vigil.testsupport.TestInfra.freePort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(port, Files.createTempDirectory("vigil-broker-it"))) {
      CompletableFuture<String> received = new CompletableFuture<>();
      MqttClient subscriber = MqttClient.create(vertx);
      java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
      subscriber.publishHandler(m -> received.complete(m.topicName() + " " + m.payload().toString()));
      // subscribe()'s Future completes when SUBSCRIBE is written; the broker has the subscription only at
      // SUBACK, and Moquette 0.17 sometimes never answers the first one: send it again, as Vigil does.
      subscriber.subscribeCompletionHandler(subAck -> subscribed.set(true));
      subscriber.connect(port, "127.0.0.1").await();
      for (int attempt = 0; attempt < 3 && !subscribed.get(); attempt++) {
        subscriber.subscribe("devices/+/telemetry", 1).await();
        for (int waited = 0; waited < 30 && !subscribed.get(); waited++) {
          Thread.sleep(100);
        }
      }
      assertThat(subscribed).as("SUBACK from the embedded broker").isTrue();
      MqttClient device = MqttClient.create(vertx);
      device.connect(port, "127.0.0.1").compose(ack -> device.publish("devices/d1/telemetry",
          Buffer.buffer("{\"metrics\":{\"power_w\":1}}"), MqttQoS.AT_LEAST_ONCE, false, false)).await();
      assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("devices/d1/telemetry {\"metrics\":{\"power_w\":1}}");
      device.disconnect().await();
      subscriber.disconnect().await();
    }
  }

  @Test
  void embeddedBrokerAcceptsMosquittoPubWhichSendsAnEmptyClientId() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto-clients not installed");
    int port = dev.vigil.testsupport.TestInfra.freePort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(port, Files.createTempDirectory("vigil-broker-it"))) {
      Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
          "-q", "1", "-t", "devices/kitchen-1/telemetry", "-m", "{\"metrics\":{\"power_w\":5400}}")
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
    }
  }

  private static io.vertx.sqlclient.RowSet<Row> query(String uri, String sql) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(uri)).using(vertx).build();
    try {
      return pool.query(sql).execute().await();
    } finally {
      pool.close().await();
    }
  }
}
