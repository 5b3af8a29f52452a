package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices that publish faster than the store commits, through a real Mosquitto, whose in-flight window does not
 * hold back what it sends a subscriber that acknowledges late: ingest stops reading from the broker while too many
 * readings wait (the broker queues them in Vigil's session), so the store never has to refuse one and no session
 * is resumed for redelivery; every reading acknowledged to a device is stored once.
 */
class IngestBackpressureIT {

  private static final Logger LOG = LoggerFactory.getLogger(IngestBackpressureIT.class);
  private static final int PUBLISHERS = 3;
  private static final int READINGS_EACH = 6_000;
  private static final int STORE_MAX_PENDING = 400;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void stopsReadingFromTheBrokerInsteadOfRefusingWhenTheStoreFallsBehind() throws Exception {
    FloodResult result = flood(IngestConfig.maxReadingsInFlight(STORE_MAX_PENDING));

    assertThat(result.acked()).as("readings acknowledged to the devices").isEqualTo(PUBLISHERS * READINGS_EACH);
    assertThat(result.stored()).as("rows").isEqualTo(result.acked());
    assertThat(result.distinct()).as("distinct readings").isEqualTo(result.acked());
    assertThat(result.intakePauses()).as("times ingest stopped reading").isPositive();
    assertThat(result.refused()).as("readings the store refused (backlog full)").isZero();
    assertThat(result.unacked()).as("messages left for the broker to redeliver").isZero();
  }

  private FloodResult flood(int maxReadingsInFlight) throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs " + MosquittoProcess.BINARY);
    String prefix = "press-" + run + "-";
    Vertx devices = Vertx.vertx();
    try (MosquittoProcess broker = MosquittoProcess.start(List.of());
        IngestPipeline vigil = new IngestPipeline(broker.port(), "vigil-press-" + run, STORE_MAX_PENDING,
            maxReadingsInFlight)) {
      vigil.startIngest();
      long firstTs = Instant.now().minusSeconds(3600).toEpochMilli();
      List<FloodPublisher> publishers = new ArrayList<>();
      List<Future<Void>> published = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        FloodPublisher publisher = new FloodPublisher(devices, broker.port(), "presser-" + run + "-" + p);
        publishers.add(publisher);
        List<FloodPublisher.Message> readings = new HostileMessages(prefix + p + "-").mix(0, 1, READINGS_EACH, 5,
            firstTs);
        published.add(publisher.publish(readings));
      }
      Future.all(published).toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
      long acked = publishers.stream().mapToLong(p -> p.validAcked.get()).sum();
      awaitCondition("every acknowledged reading stored", () -> vigil.stored(prefix) >= acked, 120_000);
      FloodResult result = new FloodResult(acked, vigil.stored(prefix), vigil.distinctStored(prefix),
          counter(vigil.ingestMeters, "vigil.ingest.intake.paused"),
          counter(vigil.storeMeters, "vigil.store.readings.refused"),
          counter(vigil.ingestMeters, "vigil.ingest.unacked"));
      LOG.info("flood past the store with the intake valve at {} readings: {}", maxReadingsInFlight, result);
      for (FloodPublisher publisher : publishers) {
        publisher.disconnect().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      return result;
    } finally {
      devices.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static long counter(SimpleMeterRegistry registry, String name) {
    var counter = registry.find(name).counter();
    return counter == null ? -1 : (long) counter.count();
  }

  private record FloodResult(long acked, long stored, long distinct, long intakePauses, long refused, long unacked) {
  }
}
