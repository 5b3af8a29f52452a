package dev.vigil.store;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.Inbox;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.scoring.ScoredReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes scored readings durable: batches them (at {@code batchSize} or after {@code batchDelayMs}),
 * writes each batch in one round trip, and answers each reading only once its batch committed. Readings
 * arrive through an {@link Inbox} at {@link Addresses#STORE_READINGS} (the scoring lanes) or the event
 * bus at the same address (tests, tools), handled alike.
 * When PostgreSQL fails, the batch is kept and retried with backoff, never dropped and never
 * acknowledged; when more than {@code maxPending} readings wait, new ones are refused at once
 * ({@link #BACKLOG_FULL}) so that ingest stops acknowledging and the broker holds them.
 * After commit, the readings stored for the first time are published locally, one message a commit, on
 * {@link Addresses#READINGS_STORED}; a redelivered copy is replied to but not published again.
 */
public final class StoreVerticle extends VerticleBase {

  /** Failure code of a request refused because too many readings already wait for the database. */
  public static final int BACKLOG_FULL = 503;

  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);
  private static final long MAX_RETRY_DELAY_MS = 5_000;
  /** Refused messages kept in full per device, reason and minute; the rest are counted in a summary row. */
  private static final int DEAD_LETTERS_KEPT_PER_MINUTE = 10;
  private static final int DEAD_LETTER_DEVICES_TRACKED = 10_000;
  private static final long DEAD_LETTER_DRAIN_S = 10;
  private static final long PARTITION_CHECK_MS = 6 * 3600_000L;

  private record Pending(ScoredReading reading, Promise<Void> answer) {
  }

  private final StoreConfig config;
  private final Pool pool;
  private final MeterRegistry registry;
  private final StoreMetrics metrics;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private ReadingWriter readings;
  private DeadLetterWriter deadLetters;
  private Inbox<ScoredReading, Void> inbox;
  private Inbox<DeadLetter, Void> letterInbox;
  private boolean writing;
  private long flushTimer = -1;
  private boolean flushScheduled;
  private int consecutiveFailures;

  public StoreVerticle(StoreConfig config, Pool pool, MeterRegistry registry) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
    this.metrics = new StoreMetrics(registry, waiting);
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, ScoredReading.class);
    LocalRecordCodec.register(vertx, DeadLetter.class);
    LocalRecordCodec.register(vertx, StoredReadings.class);
    readings = new ReadingWriter(pool, config.bandEveryMs());
    deadLetters = new DeadLetterWriter(vertx, pool, new DeadLetterSampler(DEAD_LETTERS_KEPT_PER_MINUTE,
        DEAD_LETTER_DEVICES_TRACKED, 60_000), registry);
    vertx.setPeriodic(PARTITION_CHECK_MS, id -> ensureMonthPartitions());
    return ensureMonthPartitions()
        .compose(v -> vertx.eventBus().<ScoredReading>localConsumer(Addresses.STORE_READINGS,
            Inbox.<ScoredReading, Void>onEventBus(this::enqueue)).completion())
        .onSuccess(v -> inbox = Inbox.open(vertx, Addresses.STORE_READINGS, this::enqueue))
        .compose(v -> vertx.eventBus().<DeadLetter>localConsumer(Addresses.STORE_DEAD_LETTERS,
            Inbox.<DeadLetter, Void>onEventBus(deadLetters::accept)).completion())
        .onSuccess(v -> letterInbox = Inbox.open(vertx, Addresses.STORE_DEAD_LETTERS, deadLetters::accept));
  }

  /**
   * Ingest has drained before the store stops (stages stop newest first), so every reading is
   * written; what the dead-letter writer still holds (counts of refusals already acknowledged) is
   * written now, within a bound so that a database that is away cannot hold the stop forever.
   */
  @Override
  public Future<?> stop() {
    if (inbox != null) {
      inbox.close(vertx, Addresses.STORE_READINGS);
      letterInbox.close(vertx, Addresses.STORE_DEAD_LETTERS);
    }
    return deadLetters.drained()
        .timeout(DEAD_LETTER_DRAIN_S, TimeUnit.SECONDS)
        .recover(e -> {
          LOG.warn("stopping without writing the last dead-letter counts: {}", e.getMessage());
          return Future.succeededFuture();
        });
  }

  /**
   * Creates the partitions of last, this and next month, so that readings rarely land in the default one.
   * Never fails: without them readings still land (in readings_default), and a database that is down
   * at start is a condition the write path already rides out.
   */
  private Future<Void> ensureMonthPartitions() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime[] months = {now.minusMonths(1), now, now.plusMonths(1)};
    return pool.preparedQuery("SELECT vigil_ensure_month_partition(m) FROM unnest($1::timestamptz[]) AS m")
        .execute(Tuple.of(months))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("could not create the month partitions of readings: {}", e.getMessage());
          return Future.succeededFuture();
        });
  }

  private void enqueue(ScoredReading reading, Promise<Void> answer) {
    if (waiting.get() >= config.maxPending()) {
      metrics.refused.increment();
      answer.fail(Inbox.failure(BACKLOG_FULL, waiting.get() + " readings wait for the database; not taking more"));
      return;
    }
    queue.add(new Pending(reading, answer));
    waiting.incrementAndGet();
    if (queue.size() >= config.batchSize()) {
      flush();
    } else if (!writing) {
      scheduleFlush();
    }
  }

  /**
   * Group commit: with no delay configured, an idle store writes on the next turn of its event loop,
   * taking everything that arrived in the same burst; while a write is in flight, arrivals wait and go
   * out together when it commits. A positive delay also waits that long for a batch to fill.
   */
  private void scheduleFlush() {
    if (flushScheduled) {
      return;
    }
    flushScheduled = true;
    if (config.batchDelayMs() == 0) {
      context.runOnContext(v -> flush());
    } else {
      flushTimer = vertx.setTimer(config.batchDelayMs(), id -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    if (flushTimer >= 0) {
      vertx.cancelTimer(flushTimer);
      flushTimer = -1;
    }
    if (writing || queue.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), config.batchSize()));
    while (!queue.isEmpty() && batch.size() < config.batchSize()) {
      batch.add(queue.poll());
    }
    writing = true;
    write(batch);
  }

  private void write(List<Pending> batch) {
    long started = System.nanoTime();
    readings.write(batch.stream().map(Pending::reading).toList())
        .onSuccess(inserted -> committed(batch, inserted, System.nanoTime() - started))
        .onFailure(e -> retryLater(batch, e));
  }

  /** Replies to every request; only readings stored for the first time go on to the alert stage and the dashboards. */
  private void committed(List<Pending> batch, BitSet inserted, long nanos) {
    if (consecutiveFailures > 0) {
      LOG.info("database writes resumed after {} failed attempts", consecutiveFailures);
    }
    consecutiveFailures = 0;
    writing = false;
    waiting.addAndGet(-batch.size());
    metrics.batchCommitted(batch.size(), inserted.cardinality(), nanos);
    List<ScoredReading> stored = new ArrayList<>(inserted.cardinality());
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (inserted.get(i)) {
        stored.add(p.reading());
      }
      p.answer().complete();
    }
    if (!stored.isEmpty()) {
      vertx.eventBus().publish(Addresses.READINGS_STORED, new StoredReadings(stored));
    }
    // What arrived during the write has waited long enough: it is the next batch.
    flush();
  }

  /** Keeps the batch and tries it again later: a reading is replied to only once it is stored. */
  private void retryLater(List<Pending> batch, Throwable error) {
    consecutiveFailures++;
    metrics.writeFailures.increment();
    long delay = Math.min(MAX_RETRY_DELAY_MS, 100L << Math.min(consecutiveFailures - 1, 10));
    if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
      LOG.warn("cannot store a batch of {} readings ({} waiting), attempt {}, retrying in {} ms: {}",
          batch.size(), waiting.get(), consecutiveFailures, delay, error.getMessage());
    }
    vertx.setTimer(delay, id -> write(batch));
  }

  /** The store's meters, registered once per verticle instance. */
  private static final class StoreMetrics {
    final Counter stored;
    final Counter duplicates;
    final Counter refused;
    final Counter writeFailures;
    final DistributionSummary batchSize;
    final Timer batchLatency;

    StoreMetrics(MeterRegistry registry, AtomicInteger waiting) {
      stored = Counter.builder("vigil.store.readings.stored").description("Readings newly written").register(registry);
      duplicates = Counter.builder("vigil.store.readings.duplicate")
          .description("Readings already stored (redeliveries), skipped").register(registry);
      refused = Counter.builder("vigil.store.readings.refused")
          .description("Readings refused because too many were waiting (backpressure)").register(registry);
      writeFailures = Counter.builder("vigil.store.write.failures").description("Failed batch writes").register(registry);
      batchSize = DistributionSummary.builder("vigil.store.batch.size").register(registry);
      batchLatency = Timer.builder("vigil.store.batch.latency").description("One batch round trip").register(registry);
      registry.gauge("vigil.store.pending", waiting);
    }

    void batchCommitted(int size, int inserted, long nanos) {
      stored.increment(inserted);
      duplicates.increment(size - inserted);
      batchSize.record(size);
      batchLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
