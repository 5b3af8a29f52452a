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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 can cut off the payload of a message the embedded broker already sent to Vigil's session (in
 * flight), made certain here by removing the broker's payload store while it is down. The messages
 * published after the restart must still reach the session: without {@link InFlightOrphans}, HiveMQ CE
 * 2025.5 failed to drop those entries when the session resumed and delivered nothing more to it
 * (docs/reliability.md).
 */
class EmbeddedBrokerLostPayloadIT {

  private static final int BEFORE = 50;
  private static final int AFTER = 50;
  /** Longer than the test: the messages stay in flight, unacknowledged, as Vigil's do until committed. */
  private static final long NEVER_MS = 3_600_000;
  private static final long BOUND_MS = 30_000;

  @TempDir
  Path dataDir;
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
  void deliversNewMessagesToASessionWhoseInFlightMessagesLostTheirPayloads() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int port = TestInfra.freePort();
    String topic = "devices/stall-" + run + "/telemetry";
    EmbeddedBrokerProcess[] broker = {EmbeddedBrokerProcess.start(port, dataDir)};
    try {
      Subscriber vigil = new Subscriber(vertx, port, "vigil-" + run);
      vigil.connect();
      vigil.subscribe(IngestConfig.PLAIN_TOPIC_FILTER);
      vigil.disconnect();
      // Queued while the session is away, sent as one window when it is back: all of them in flight at once.
      publish(port, "device-before-" + run, topic, 1, BEFORE);
      vigil.connect(NEVER_MS);
      Poll.until(() -> vigil.distinctReceived().size() == BEFORE, () -> vigil.distinctReceived().size() + " received",
          BOUND_MS);

      broker[0].kill();
      TestFiles.deleteTree(payloadStore());
      broker[0] = EmbeddedBrokerProcess.start(port, dataDir);
      assertThat(vigil.connect(0)).as("session present after the restart").isTrue();
      publish(port, "device-after-" + run, topic, BEFORE + 1, BEFORE + AFTER);

      Poll.until(() -> vigil.distinctReceived().size() == BEFORE + AFTER,
          () -> "received " + vigil.distinctReceived().size() + " of " + (BEFORE + AFTER), BOUND_MS);
      vigil.disconnect();
    } finally {
      broker[0].close();
    }
  }

  private void publish(int port, String clientId, String topic, long from, long to) {
    Publisher device = new Publisher(vertx, port, clientId);
    device.connect();
    assertThat(device.publish(topic, from, to)).as("acknowledged by the broker").isEqualTo(to - from + 1);
    device.disconnect();
  }

  private Path payloadStore() throws Exception {
    try (var paths = Files.walk(dataDir)) {
      return paths.filter(p -> p.getFileName().toString().equals("publish_payload_store")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no publish_payload_store under " + dataDir));
    }
  }
}
