package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A broker that lets any size through (Mosquitto's default: no max_packet_size) hands Vigil messages far over
 * the wire contract's 64 KiB: each is dead-lettered as too_large and acknowledged, and the valid readings
 * sent after them are all stored. Before, one message over 1 MiB left the connection deaf for good.
 */
class OversizedMessageIT {

  private static final int VALID = 50;

  @Test
  void deadLettersMessagesOfManyMegabytesAndStoresTheReadingsThatFollow() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs " + MosquittoProcess.BINARY);
    String run = UUID.randomUUID().toString().substring(0, 8);
    String deviceId = "big-" + run;
    String topic = "devices/" + deviceId + "/telemetry";
    List<FloodPublisher.Message> messages = new ArrayList<>();
    for (int mib : new int[] {2, 16}) {
      messages.add(new FloodPublisher.Message(topic, hugeJson(mib * 1024 * 1024), false));
    }
    long ts = Instant.now().minusSeconds(600).toEpochMilli();
    for (int seq = 1; seq <= VALID; seq++) {
      String payload = "{\"ts\":" + (ts + seq) + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + seq + "}}";
      messages.add(new FloodPublisher.Message(topic, payload.getBytes(StandardCharsets.UTF_8), true));
    }
    Vertx deviceVertx = Vertx.vertx();
    try (MosquittoProcess broker = MosquittoProcess.start(List.of());
        IngestPipeline vigil = new IngestPipeline(broker.port(), "vigil-big-" + run)) {
      vigil.startIngest();
      FloodPublisher device = new FloodPublisher(deviceVertx, broker.port(), "dev-" + deviceId);
      await(device.publish(messages));

      awaitCondition("valid readings stored", () -> vigil.stored(deviceId) >= VALID, 60_000);
      awaitCondition("oversized messages dead-lettered", () -> vigil.count(
          "SELECT coalesce(sum(occurrences), 0) FROM dead_letters WHERE reason = 'too_large'") >= 2, 60_000);
      assertThat(device.validAcked.get()).isEqualTo(VALID);
      assertThat(device.hostileAcked.get()).as("oversized messages acknowledged").isEqualTo(2);
      assertThat(vigil.stored(deviceId)).isEqualTo(VALID);
      assertThat(vigil.missing(deviceId, VALID)).isZero();
      assertThat(vigil.count("SELECT count(*) FROM dead_letters WHERE reason = 'too_large' AND device_id = '"
          + deviceId + "' AND length(payload) <= 4097")).as("rows, each with its payload cut").isEqualTo(2);
      await(device.disconnect());
    } finally {
      await(deviceVertx.close());
    }
  }

  private static byte[] hugeJson(int bytes) {
    byte[] payload = new byte[bytes];
    java.util.Arrays.fill(payload, (byte) 'a');
    byte[] head = "{\"metrics\":{\"s\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, payload, 0, head.length);
    payload[bytes - 3] = '"';
    payload[bytes - 2] = '}';
    payload[bytes - 1] = '}';
    return payload;
  }
}
