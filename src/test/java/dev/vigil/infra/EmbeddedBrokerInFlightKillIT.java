package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.IngestConfig;
import dev.vigil.testsupport.CountingMqttClients.Publisher;
import dev.vigil.testsupport.CountingMqttClients.Subscriber;
import dev.vigil.testsupport.EmbeddedBrokerProcess;
import dev.vigil.testsupport.Poll;
import dev.vigil.testsupport.TestFiles;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moment Vigil's own kill -9 meets the embedded broker: a connected subscriber holds messages it
 * has received and not yet acknowledged (Vigil acknowledges once the reading is committed), devices
 * are publishing, and the broker's process dies. Every message the broker acknowledged to a device
 * must reach the subscriber once its session resumes.
 *
 * <p>Before {@link PublishIds}, 4 of 70 rounds lost the first message published after the
 * restart: HiveMQ gave it the number of a message whose payload the kill had cut off, and dropped both
 * (docs/reliability.md). A round is one kill; {@code -Dvigil.it.inflight.rounds=N} runs N of them.
 */
class EmbeddedBrokerInFlightKillIT {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerInFlightKillIT.class);
  private static final int DEVICES = 4;
  private static final long PER_DEVICE = 100_000;
  private static final long KILL_AFTER_ACKED = 400;
  private static final long AFTER_RESTART = 200;
  /** About what a reading takes from delivery to its commit in Vigil. */
  private static final long ACK_DELAY_MS = 40;
  private static final long BOUND_MS = 60_000;
  private static final int ROUNDS = Integer.getInteger("vigil.it.inflight.rounds", 1);

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void deliversEveryAcknowledgedMessageAfterKill9WithMessagesInFlightToAConnectedSubscriber() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      killWhileInFlight(round);
    }
  }

  private void killWhileInFlight(int round) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int port = TestInfra.freePort();
    Path dataDir = Files.createTempDirectory("vigil-broker-inflight");
    EmbeddedBrokerProcess[] broker = {EmbeddedBrokerProcess.start(port, dataDir)};
    // One thread per device: the common pool has a single thread on a 2-core machine.
    ExecutorService publishers = Executors.newFixedThreadPool(DEVICES);
    try {
      Subscriber vigil = new Subscriber(vertx, port, "vigil-" + run);
      vigil.connect(ACK_DELAY_MS);
      vigil.subscribe(IngestConfig.PLAIN_TOPIC_FILTER);

      List<Publisher> devices = publishFrom(port, run, "before", 0, PER_DEVICE, publishers);
      Poll.until(() -> ackedBy(devices).size() >= KILL_AFTER_ACKED, () -> ackedBy(devices).size() + " acknowledged",
          BOUND_MS);
      broker[0].kill();
      Poll.until(() -> devices.stream().allMatch(Publisher::stopped), () -> "publishers still running", BOUND_MS);
      Set<Long> acked = ackedBy(devices);
      int ackedBeforeKill = acked.size();
      int receivedBeforeKill = vigil.distinctReceived().size();

      broker[0] = EmbeddedBrokerProcess.start(port, dataDir);
      assertThat(vigil.connect(ACK_DELAY_MS)).as("session present after the restart").isTrue();
      // As in Vigil, devices publish again as soon as the session is back, while what was in flight is resent.
      List<Publisher> after = publishFrom(port, run, "after", PER_DEVICE + 1, AFTER_RESTART, publishers);
      Poll.until(() -> after.stream().allMatch(Publisher::stopped), () -> "publishers still running", BOUND_MS);
      acked.addAll(ackedBy(after));
      Poll.until(() -> vigil.distinctReceived().containsAll(acked),
          () -> "acknowledged and not received: " + missing(acked, vigil.distinctReceived()), BOUND_MS);
      Set<Long> lost = missing(acked, vigil.distinctReceived());
      LOG.info("round {}: acknowledged {} before the kill and {} after, received before the kill {}, in all {}"
          + " distinct, duplicated {}, lost {} {}", round, ackedBeforeKill, acked.size() - ackedBeforeKill,
          receivedBeforeKill, vigil.distinctReceived().size(), vigil.duplicates(), lost.size(), lost);
      assertThat(lost).as("acknowledged to a device, never delivered").isEmpty();
      vigil.disconnect();
    } finally {
      publishers.shutdownNow();
      broker[0].close();
      TestFiles.deleteTree(dataDir);
    }
  }

  /** Each device publishes {@code count} messages from its own range, all devices at once. */
  private List<Publisher> publishFrom(int port, String run, String phase, long offset, long count,
      ExecutorService publishers) {
    List<Publisher> devices = new ArrayList<>();
    for (int d = 0; d < DEVICES; d++) {
      Publisher device = new Publisher(vertx, port, "device-" + d + "-" + phase + "-" + run);
      device.connect();
      devices.add(device);
      long first = (d + 1) * 1_000_000L + offset;
      String topic = "devices/d" + d + "-" + run + "/telemetry";
      publishers.submit(() -> device.publish(topic, first, first + count - 1));
    }
    return devices;
  }

  private static Set<Long> ackedBy(List<Publisher> devices) {
    Set<Long> acked = new HashSet<>();
    devices.forEach(device -> acked.addAll(device.acked()));
    return acked;
  }

  private static Set<Long> missing(Set<Long> acked, Set<Long> received) {
    Set<Long> missing = new TreeSet<>(acked);
    missing.removeAll(received);
    return missing;
  }
}
