package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.mqtt.message.publish.PUBLISH;
import dev.vigil.ingest.IngestConfig;
import dev.vigil.testsupport.CountingMqttClients.Publisher;
import dev.vigil.testsupport.CountingMqttClients.Subscriber;
import dev.vigil.testsupport.EmbeddedBrokerProcess;
import dev.vigil.testsupport.Poll;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker keeps persistent sessions, their subscriptions (plain and shared) and the QoS 1
 * messages queued for them across its own restart, clean or abrupt: every message it acknowledged
 * to a publisher before the restart reaches the subscriber once, and so does what is published once
 * the subscriber is back. Vigil's embedded broker admits devices after a restart only once Vigil's
 * session is back ({@link EmbeddedBroker#startClosedToDevices}), so this is the order the product
 * meets: a message published into a disconnected session just after a kill -9 restart was once seen
 * acknowledged and never delivered (docs/reliability.md).
 */
class EmbeddedBrokerRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerRestartIT.class);
  private static final long BEFORE_STOP = 3000;
  private static final long STOP_AFTER_ACKED = 300;
  private static final long AFTER_RESTART = 200;
  private static final long BOUND_MS = 60_000;

  private Vertx vertx;
  private String run;
  private int port;
  @TempDir
  Path dataDir;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    run = UUID.randomUUID().toString().substring(0, 8);
    port = TestInfra.freePort();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void keepsSessionsAndAcknowledgedQos1MessagesAcrossACleanStopWhilePublishing() throws Exception {
    EmbeddedBroker[] broker = {EmbeddedBroker.start(port, dataDir)};
    try {
      survivesRestart("clean stop", () -> broker[0].close(), () -> broker[0] = EmbeddedBroker.start(port, dataDir));
    } finally {
      broker[0].close();
    }
  }

  @Test
  void keepsSessionsAndAcknowledgedQos1MessagesAcrossKill9OfTheBrokerProcess() throws Exception {
    EmbeddedBrokerProcess[] broker = {EmbeddedBrokerProcess.start(port, dataDir)};
    try {
      survivesRestart("kill -9", () -> broker[0].kill(), () -> broker[0] = EmbeddedBrokerProcess.start(port, dataDir));
    } finally {
      broker[0].close();
    }
  }

  /**
   * A kill -9 can leave a queued message whose payload never reached the disk, and HiveMQ resumes numbering
   * messages after the highest payload it finds: the first message published after the restart took that
   * orphan's number and was dropped with it ({@link PublishIds}). Restarted, the broker must number every
   * message above all it numbered before.
   */
  @Test
  void numbersMessagesAfterARestartAboveEveryNumberItGaveBefore() throws Exception {
    EmbeddedBroker[] broker = {EmbeddedBroker.start(port, dataDir)};
    try {
      offlineSubscriber("vigil-numbers-" + run, IngestConfig.PLAIN_TOPIC_FILTER);
      Publisher device = new Publisher(vertx, port, "device-numbers-" + run);
      device.connect();
      assertThat(device.publish("devices/numbers-" + run + "/telemetry", 1, 50)).isEqualTo(50);
      device.disconnect();
      long numberedBefore = PUBLISH.PUBLISH_COUNTER.get();
      broker[0].close();
      broker[0] = EmbeddedBroker.start(port, dataDir);
      assertThat(PUBLISH.PUBLISH_COUNTER.get()).as("next message number after the restart")
          .isGreaterThan(numberedBefore);
    } finally {
      broker[0].close();
    }
  }

  private void survivesRestart(String fault, Action stop, Action start) throws Exception {
    Subscriber plain = offlineSubscriber("vigil-plain-" + run, IngestConfig.PLAIN_TOPIC_FILTER);
    Subscriber shared = offlineSubscriber("vigil-shared-" + run, IngestConfig.SHARED_TOPIC_FILTER);
    String topic = "devices/restart-" + run + "/telemetry";

    Publisher before = new Publisher(vertx, port, "device-a-" + run);
    before.connect();
    CompletableFuture<Long> publishing = CompletableFuture.supplyAsync(() -> before.publish(topic, 1, BEFORE_STOP));
    Poll.until(() -> before.acked().size() >= STOP_AFTER_ACKED, () -> before.acked().size() + " acknowledged",
        BOUND_MS);
    stop.run();
    long ackedBeforeStop = publishing.get();
    long restartStarted = System.nanoTime();
    start.run();
    long restartMs = (System.nanoTime() - restartStarted) / 1_000_000;

    Subscriber[] subscribers = {plain, shared};
    for (Subscriber subscriber : subscribers) {
      assertThat(subscriber.connect()).as("session present after the restart").isTrue();
    }
    Publisher after = new Publisher(vertx, port, "device-b-" + run);
    after.connect();
    long lastSeq = BEFORE_STOP + AFTER_RESTART;
    assertThat(after.publish(topic, BEFORE_STOP + 1, lastSeq)).isEqualTo(AFTER_RESTART);
    after.disconnect();

    Set<Long> acked = new HashSet<>(before.acked());
    acked.addAll(after.acked());
    for (Subscriber subscriber : subscribers) {
      // One session queue keeps the order of one topic: the last message published arrives last.
      Poll.until(() -> subscriber.distinctReceived().contains(lastSeq),
          () -> subscriber.distinctReceived().size() + " received, up to " + subscriber.distinctReceived().stream()
              .mapToLong(Long::longValue).max().orElse(0) + "; acknowledged " + acked.size(), BOUND_MS);
      Set<Long> lost = new HashSet<>(acked);
      lost.removeAll(subscriber.distinctReceived());
      LOG.info("{} ({}): acknowledged {} ({} before the stop, {} after), received {} distinct, lost {}, duplicated {},"
              + " broker back in {} ms", fault, subscriber == plain ? "plain subscription" : "shared subscription",
          acked.size(), ackedBeforeStop, AFTER_RESTART, subscriber.distinctReceived().size(), lost.size(),
          subscriber.duplicates(), restartMs);
      assertThat(lost).as("acknowledged but never delivered").isEmpty();
      assertThat(subscriber.duplicates()).as("delivered twice").isZero();
      subscriber.disconnect();
    }
  }

  private Subscriber offlineSubscriber(String clientId, String filter) {
    Subscriber subscriber = new Subscriber(vertx, port, clientId);
    subscriber.connect();
    subscriber.subscribe(filter);
    subscriber.disconnect();
    return subscriber;
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }
}
