package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.store.Migrations;
import dev.vigil.testsupport.CountingMqttClients.Publisher;
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
import org.junit.jupiter.api.io.TempDir;

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
  void embeddedPostgresStartsEvenAsRootKeepsItsDataAndTakesTheMigrations(@TempDir Path dataDir) throws Exception {
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
  void embeddedBrokerDeliversQos1TelemetryToASubscriber(@TempDir Path dataDir) throws Exception {
    int port = dev.vigil.testsupport.TestInfra.freePort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(port, dataDir)) {
      CompletableFuture<String> received = new CompletableFuture<>();
      MqttClient subscriber = MqttClient.create(vertx);
      java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();
      subscriber.publishHandler(m -> received.complete(m.topicName() + " " + m.payload().toString()));
      // subscribe()'s Future completes when SUBSCRIBE is written; the broker has the subscription at SUBACK.
      subscriber.subscribeCompletionHandler(subAck -> subscribed.set(true));
      subscriber.connect(port, "127.0.0.1").await();
      subscriber.subscribe("devices/+/telemetry", 1).await();
      for (int waited = 0; waited < 300 && !subscribed.get(); waited++) {
        Thread.sleep(100);
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
  void embeddedBrokerAcceptsMosquittoPubWhichSendsAnEmptyClientId(@TempDir Path dataDir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")), "mosquitto-clients not installed");
    int port = dev.vigil.testsupport.TestInfra.freePort();
    try (EmbeddedBroker broker = EmbeddedBroker.start(port, dataDir)) {
      Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
          "-q", "1", "-t", "devices/kitchen-1/telemetry", "-m", "{\"metrics\":{\"power_w\":5400}}")
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
    }
  }

  /** paho's usual order: SUBSCRIBE goes out right behind CONNECT, before the broker's CONNACK is read. */
  private static final String PAHO_SUBSCRIBER = """
      import sys, time
      import paho.mqtt.client as mqtt
      port, want = int(sys.argv[1]), int(sys.argv[2])
      got = []
      client = mqtt.Client(client_id="paho-alert-reader")
      client.on_subscribe = lambda *args: print("SUBACK", flush=True)
      client.on_message = lambda c, u, m: got.append(m.topic)
      client.connect("127.0.0.1", port)
      client.subscribe("alerts/#", 1)
      client.loop_start()
      deadline = time.time() + 120
      while len(got) < want and time.time() < deadline:
          time.sleep(0.05)
      print("RECEIVED", len(got), flush=True)
      """;

  @Test
  void embeddedBrokerServesAPahoClientThatSubscribesBeforeItsConnack(@TempDir Path tmp) throws Exception {
    assumeTrue(pahoInstalled(), "python3 with paho-mqtt not installed");
    int port = dev.vigil.testsupport.TestInfra.freePort();
    int alerts = 20;
    Path script = Files.writeString(tmp.resolve("paho-subscriber.py"), PAHO_SUBSCRIBER);
    try (EmbeddedBroker broker = EmbeddedBroker.start(port, tmp.resolve("broker"))) {
      Process paho = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port),
          Integer.toString(alerts)).redirectErrorStream(true).start();
      try {
        java.io.BufferedReader out = paho.inputReader();
        assertThat(out.readLine()).as("paho's first line (SUBACK, or why not)").isEqualTo("SUBACK");
        Publisher alerter = new Publisher(vertx, port, "vigil-alerts-it");
        alerter.connect();
        assertThat(alerter.publish("alerts/kitchen-1", 1, alerts)).as("alerts acknowledged").isEqualTo(alerts);
        assertThat(out.readLine()).isEqualTo("RECEIVED " + alerts);
        alerter.disconnect();
      } finally {
        paho.destroyForcibly();
      }
    }
  }

  private static boolean pahoInstalled() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return false;
    }
    Process check = new ProcessBuilder("/usr/bin/python3", "-c", "import paho.mqtt.client").start();
    return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
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
