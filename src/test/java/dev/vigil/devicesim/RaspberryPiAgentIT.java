package dev.vigil.devicesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.devicesim.TestMqtt.Received;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raspberry Pi agent (device-sim/raspberry-pi/vigil_agent.py, run with Debian's paho-mqtt)
 * loses no reading when the broker goes away, nor when the agent itself dies while offline.
 * Broker: a real Mosquitto with the project's production config and ACL; the subscriber plays
 * Vigil (user vigil, persistent session, QoS 1).
 */
class RaspberryPiAgentIT {

  /** Debian's python3 with python3-paho-mqtt; -Dvigil.test.python=... tries another (e.g. paho 2.x). */
  private static final Path PYTHON = Path.of(System.getProperty("vigil.test.python", "/usr/bin/python3"));
  private static final Path AGENT = Path.of("device-sim/raspberry-pi/vigil_agent.py").toAbsolutePath();
  private static final String DEVICE = "pi-1";
  private static final String DEVICE_PASSWORD = "pi-secret";
  private static final String VIGIL_PASSWORD = "vigil-secret";
  private static final String TELEMETRY = "devices/" + DEVICE + "/telemetry";

  private static Vertx vertx;

  @TempDir
  Path dir;

  private ProjectMosquitto broker;
  private final List<Process> agents = new ArrayList<>();
  private final List<Received> received = new ArrayList<>();

  @BeforeAll
  static void requirePythonAndMosquitto() throws Exception {
    assumeTrue(ProjectMosquitto.installed(), "no /usr/sbin/mosquitto on this machine");
    assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3 on this machine");
    Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import paho.mqtt.client").start();
    assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "paho-mqtt is not installed for /usr/bin/python3 (apt-get install python3-paho-mqtt)");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    if (vertx != null) {
      TestMqtt.await(vertx.close());
    }
  }

  @BeforeEach
  void createBroker() throws Exception {
    broker = new ProjectMosquitto(dir.resolve("broker"));
    broker.addDevice(DEVICE, DEVICE_PASSWORD);
    broker.addDevice("vigil", VIGIL_PASSWORD);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process agent : agents) {
      agent.destroyForcibly().waitFor();
    }
    broker.stop();
  }

  @Test
  void deliversEveryReadingAcrossABrokerRestart() throws Exception {
    int readings = 80;
    broker.start();
    TestMqtt vigil = vigilSubscriber();
    assertThat(vigil.subscribe(TELEMETRY)).isEqualTo(1);
    Process agent = startAgent("--count", String.valueOf(readings), "--interval", "0.1");

    collectUntil(vigil, () -> seqs().size() >= 10, 30);
    broker.stop();
    Thread.sleep(3000);
    broker.start();
    vigil = vigilSubscriber(); // same client id, persistent session: no new SUBSCRIBE

    assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as(agentLog()).isTrue();
    assertThat(agent.exitValue()).as(agentLog()).isZero();
    collectUntil(vigil, () -> seqs().containsAll(range(readings)), 15);
    assertThat(seqs()).as(agentLog()).containsAll(range(readings)).allMatch(seq -> seq < readings);
    assertThat(received).as("readings taken while the broker was down arrive as a JSON array")
        .anyMatch(message -> message.payload().startsWith("["));
  }

  @Test
  void keepsReadingsTakenOfflineAcrossAnAgentCrash() throws Exception {
    int readings = 15;
    Process offline = startAgent("--count", String.valueOf(readings), "--interval", "0.05");
    waitForLog("took " + readings + " readings", 30);
    offline.destroyForcibly().waitFor(); // SIGKILL: like pulling the plug

    broker.start();
    TestMqtt vigil = vigilSubscriber();
    vigil.subscribe(TELEMETRY);
    Process flush = startAgent("--count", "0");

    assertThat(flush.waitFor(60, TimeUnit.SECONDS)).as(agentLog()).isTrue();
    collectUntil(vigil, () -> seqs().containsAll(range(readings)), 15);
    assertThat(seqs()).as(agentLog()).containsExactlyInAnyOrderElementsOf(range(readings));
  }

  private TestMqtt vigilSubscriber() throws Exception {
    return new TestMqtt(vertx, "vigil-it-subscriber", "vigil", VIGIL_PASSWORD, false).connected(broker.port());
  }

  private Process startAgent(String... extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), AGENT.toString(),
        "--broker", "127.0.0.1", "--port", String.valueOf(broker.port()),
        "--device-id", DEVICE, "--password", DEVICE_PASSWORD, "--sensor", "simulated",
        "--queue", dir.resolve("queue.db").toString(), "--reconnect-max", "1"));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("agent.log").toFile()));
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
    Process agent = builder.start();
    agents.add(agent);
    return agent;
  }

  private void collectUntil(TestMqtt client, java.util.function.BooleanSupplier done, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Received message = client.next(200, TimeUnit.MILLISECONDS);
      if (message != null) {
        received.add(message);
      }
    }
  }

  private void waitForLog(String text, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!agentLog().contains(text)) {
      assertThat(System.nanoTime()).as("'%s' in agent log: %s", text, agentLog()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Every seq received so far, duplicates included (at-least-once is allowed). */
  private List<Integer> seqs() {
    List<Integer> seqs = new ArrayList<>();
    for (Received message : received) {
      Object payload = Json.decodeValue(message.payload());
      if (payload instanceof JsonArray array) {
        array.forEach(item -> seqs.add(reading((JsonObject) item)));
      } else {
        seqs.add(reading((JsonObject) payload));
      }
    }
    return seqs;
  }

  /** Checks the wire contract of one reading and returns its seq. */
  private static int reading(JsonObject reading) {
    assertThat(reading.getString("ts")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(reading.getJsonObject("metrics").getDouble("temperature_c")).isNotNull();
    return reading.getInteger("seq");
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private String agentLog() {
    try {
      return Files.exists(dir.resolve("agent.log")) ? Files.readString(dir.resolve("agent.log")) : "";
    } catch (IOException e) {
      return "(unreadable agent log: " + e + ")";
    }
  }
}
