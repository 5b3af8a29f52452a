package dev.vigil.devicesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.devicesim.TestMqtt.Received;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttConnectionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production broker config ({@code mosquitto/}) enforces the wire contract's ownership rules:
 * a device publishes only under its own id, Vigil reads everything. Runs a real Mosquitto with the
 * project's mosquitto.conf and acl and logins made by add-device.sh.
 */
class MosquittoAclIT {

  @TempDir
  static Path dir;

  private static ProjectMosquitto broker;
  private static Vertx vertx;
  private static String devAPassword;
  private static final String DEV_B_PASSWORD = "dev-b-secret";
  private static final String VIGIL_PASSWORD = "vigil-secret";

  private final List<TestMqtt> clients = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    assumeTrue(ProjectMosquitto.installed(), "no /usr/sbin/mosquitto on this machine");
    broker = new ProjectMosquitto(dir);
    devAPassword = generatedPassword(broker.addDevice("dev-a"));
    broker.addDevice("dev-b", DEV_B_PASSWORD);
    broker.addDevice("vigil", VIGIL_PASSWORD);
    broker.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (vertx != null) {
      TestMqtt.await(vertx.close());
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @AfterEach
  void disconnectClients() throws Exception {
    for (TestMqtt client : clients) {
      client.disconnect();
    }
  }

  @Test
  void vigilSeesWhatADevicePublishesUnderItsOwnTelemetryTopic() throws Exception {
    TestMqtt vigil = client("vigil", VIGIL_PASSWORD).connected(broker.port());
    assertThat(vigil.subscribe("devices/#")).isEqualTo(1);
    TestMqtt devA = client("dev-a", devAPassword).connected(broker.port());

    devA.publish("devices/dev-a/telemetry", "{\"metrics\":{\"power_w\":1}}");

    assertThat(vigil.next(10, TimeUnit.SECONDS))
        .isEqualTo(new Received("devices/dev-a/telemetry", "{\"metrics\":{\"power_w\":1}}"));
  }

  @Test
  void vigilReceivesThroughItsSharedSubscription() throws Exception {
    TestMqtt vigil = client("vigil", VIGIL_PASSWORD).connected(broker.port());
    assertThat(vigil.subscribe("$share/vigil/devices/+/telemetry")).isEqualTo(1);
    TestMqtt devB = client("dev-b", DEV_B_PASSWORD).connected(broker.port());

    devB.publish("devices/dev-b/telemetry", "{\"temperature\":21}");

    assertThat(vigil.next(10, TimeUnit.SECONDS))
        .isEqualTo(new Received("devices/dev-b/telemetry", "{\"temperature\":21}"));
  }

  @Test
  void dropsADevicePublishingUnderAnotherDevicesTopic() throws Exception {
    TestMqtt vigil = client("vigil", VIGIL_PASSWORD).connected(broker.port());
    vigil.subscribe("devices/#");
    TestMqtt devA = client("dev-a", devAPassword).connected(broker.port());

    devA.publish("devices/dev-b/telemetry", "{\"forged\":1}");
    devA.publish("devices/dev-b/status", "offline");
    devA.publish("devices/dev-a/telemetry", "{\"marker\":1}");

    // The broker handles one client's publishes in order: once the later own-topic message is
    // here, the forged ones would have been delivered before it if they had been accepted.
    Received first = vigil.next(10, TimeUnit.SECONDS);
    assertThat(first).isEqualTo(new Received("devices/dev-a/telemetry", "{\"marker\":1}"));
    assertThat(vigil.drain()).isEmpty();
  }

  @Test
  void aDeviceReadsOnlyItsOwnAlerts() throws Exception {
    TestMqtt devB = client("dev-b", DEV_B_PASSWORD).connected(broker.port());
    devB.subscribe("alerts/dev-a");
    devB.subscribe("alerts/dev-b");
    TestMqtt vigil = client("vigil", VIGIL_PASSWORD).connected(broker.port());

    vigil.publish("alerts/dev-a", "{\"for\":\"a\"}");
    vigil.publish("alerts/dev-b", "{\"for\":\"b\"}");

    assertThat(devB.next(10, TimeUnit.SECONDS)).isEqualTo(new Received("alerts/dev-b", "{\"for\":\"b\"}"));
    assertThat(devB.drain()).isEmpty();
  }

  @Test
  void refusesAWrongPasswordAtConnect() {
    TestMqtt intruder = client("dev-a", devAPassword + "x");

    assertThatThrownBy(() -> TestMqtt.await(intruder.connect(broker.port())))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(MqttConnectionException.class, refused -> assertThat(refused.code())
            .isIn(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void refusesAnonymousClients() {
    TestMqtt anonymous = client(null, null);

    assertThatThrownBy(() -> TestMqtt.await(anonymous.connect(broker.port())))
        .cause()
        .isInstanceOf(MqttConnectionException.class);
  }

  private TestMqtt client(String username, String password) {
    String id = (username == null ? "anon" : username) + "-" + UUID.randomUUID().toString().substring(0, 8);
    TestMqtt client = new TestMqtt(vertx, id, username, password, true);
    clients.add(client);
    return client;
  }

  /** add-device.sh without a password prints the one it generated. */
  private static String generatedPassword(String output) {
    Matcher matcher = Pattern.compile("device dev-a: password (\\S+)").matcher(output);
    assertThat(matcher.find()).as("generated password in: %s", output).isTrue();
    return matcher.group(1);
  }
}
