package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static dev.vigil.ingest.IngestToStoreIT.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flood of hostile messages at the broker's full rate, valid readings interleaved, against a real Mosquitto:
 * every valid reading acknowledged is stored once, every hostile message acknowledged is counted once in
 * dead_letters (kept in full up to the sampling budget, summarised beyond), and Vigil started again with the
 * broker's backlog of both waiting starts and drains it. Sizes from the system properties
 * {@code vigil.flood.hostile} and {@code vigil.flood.valid} (the {@code full-size} Maven profile: 100,000 and 10,000).
 */
class HostileFloodIT {

  private static final Logger LOG = LoggerFactory.getLogger(HostileFloodIT.class);
  private static final int HOSTILE = Integer.getInteger("vigil.flood.hostile", 5_000);
  private static final int VALID = Integer.getInteger("vigil.flood.valid", 1_000);
  private static final int HOSTILE_DEVICES = 20;
  private static final int VALID_DEVICES = 10;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void storesEveryValidReadingAndCountsEveryHostileMessageOnceDuringAFloodAndAcrossARestart() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs " + MosquittoProcess.BINARY);
    String prefix = "flood-" + run + "-";
    HostileMessages mix = new HostileMessages(prefix);
    long firstTs = Instant.now().minusSeconds(3600).toEpochMilli();
    List<FloodPublisher.Message> live = mix.mix(HOSTILE, HOSTILE_DEVICES, VALID, VALID_DEVICES, firstTs);
    List<FloodPublisher.Message> backlog = mix.mix(HOSTILE / 2, HOSTILE_DEVICES, VALID / 2, VALID_DEVICES,
        firstTs + 10_000_000);
    Vertx deviceVertx = Vertx.vertx();
    try (MosquittoProcess broker = MosquittoProcess.start(List.of());
        IngestPipeline vigil = new IngestPipeline(broker.port(), "vigil-flood-" + run)) {
      vigil.startIngest();
      FloodPublisher publisher = new FloodPublisher(deviceVertx, broker.port(), "flooder-" + run);

      long started = System.nanoTime();
      await(publisher.publish(live), 600);
      long publishedMs = (System.nanoTime() - started) / 1_000_000;
      awaitCondition("valid readings stored", () -> vigil.stored(prefix) >= publisher.validAcked.get(), 120_000);
      long storedMs = (System.nanoTime() - started) / 1_000_000;
      awaitCondition("hostile messages counted", () -> deadLettersCounted(vigil) >= publisher.hostileAcked.get(),
          120_000);
      LOG.info("live flood: {} messages ({} hostile, {} valid) published and acknowledged in {} ms ({}/s); every"
          + " valid reading stored after {} ms; dead-letter rows {} (kept in full {}), counted {}",
          live.size(), publisher.hostileAcked.get(), publisher.validAcked.get(), publishedMs,
          live.size() * 1000L / Math.max(1, publishedMs), storedMs, vigil.count("SELECT count(*) FROM dead_letters"),
          vigil.count("SELECT count(*) FROM dead_letters WHERE NOT summary"), deadLettersCounted(vigil));
      assertExactCounts(vigil, prefix, publisher, HOSTILE, VALID);

      vigil.stopIngest();
      await(publisher.publish(backlog), 600); // queued in Vigil's session while it is away
      long restarted = System.nanoTime();
      vigil.startIngest();
      long startMs = (System.nanoTime() - restarted) / 1_000_000;
      awaitCondition("backlog stored", () -> vigil.stored(prefix) >= publisher.validAcked.get(), 120_000);
      awaitCondition("backlog counted", () -> deadLettersCounted(vigil) >= publisher.hostileAcked.get(), 120_000);
      LOG.info("restart with a backlog of {} messages: ingest started in {} ms, drained in {} ms", backlog.size(),
          startMs, (System.nanoTime() - restarted) / 1_000_000);
      assertExactCounts(vigil, prefix, publisher, HOSTILE + HOSTILE / 2, VALID + VALID / 2);
      long minutes = vigil.count("SELECT count(DISTINCT date_trunc('minute', received_at)) FROM dead_letters");
      assertThat(maxFullRowsPerDeviceAndReason(vigil)).as("payloads kept per device and reason over %d minutes", minutes)
          .isLessThanOrEqualTo(10 * (minutes + 1));
      await(publisher.disconnect(), 30);
    } finally {
      await(deviceVertx.close(), 30);
    }
  }

  private static void assertExactCounts(IngestPipeline vigil, String prefix, FloodPublisher publisher, long hostile,
      long valid) {
    assertThat(publisher.validAcked.get()).as("valid readings acknowledged").isEqualTo(valid);
    assertThat(publisher.hostileAcked.get()).as("hostile messages acknowledged").isEqualTo(hostile);
    assertThat(vigil.stored(prefix)).as("rows of valid readings").isEqualTo(valid);
    assertThat(vigil.distinctStored(prefix)).as("distinct valid readings").isEqualTo(valid);
    assertThat(deadLettersCounted(vigil)).as("hostile messages counted in dead_letters").isEqualTo(hostile);
  }

  private static long deadLettersCounted(IngestPipeline vigil) {
    return vigil.count("SELECT coalesce(sum(occurrences), 0) FROM dead_letters");
  }

  /** The sampler keeps 10 payloads per device, reason and minute (windows by the store's clock, hence +1). */
  private static long maxFullRowsPerDeviceAndReason(IngestPipeline vigil) {
    return vigil.count("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM dead_letters WHERE NOT summary"
        + " GROUP BY device_id, reason) per_key");
  }

  private static <T> T await(io.vertx.core.Future<T> future, long seconds) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }
}
