package dev.vigil.store;

import dev.vigil.bus.Inbox;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.store.DeadLetterSampler.SummaryKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps refused messages in {@code dead_letters} at a bounded cost, apart from the readings: its own
 * bounded queue, one batch (one statement, so one pooled connection) in flight at a time, one row per
 * distinct message (a redelivery or repeat adds to {@code occurrences}), and a flood sampled by
 * {@link DeadLetterSampler} into summary rows. A letter kept in full is answered (so acknowledged to the
 * broker) once its row is committed. A letter only counted is answered at once and its count goes out with
 * the next batch: a flood never holds the broker's in-flight window, which readings share, hostage to the
 * database; a crash loses at most the counts of one batch, never a reading. Use on one event loop.
 */
final class DeadLetterWriter {

  /** Most letters waiting; beyond it a letter is refused (not acknowledged) and the broker keeps it. */
  static final int MAX_QUEUED = 10_000;
  static final int MAX_BATCH = 1_000;
  private static final long MAX_RETRY_DELAY_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

  private static final String UPSERT = """
      WITH input AS (
        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                             $7::text[], $8::int4[], $9::bool[])
          AS t(received_at, topic, device_id, reason, detail, payload, fingerprint, fresh, summary)
      ), bumped AS (
        UPDATE dead_letters d SET occurrences = d.occurrences + i.fresh,
                                  last_received_at = GREATEST(d.last_received_at, i.received_at)
        FROM input i WHERE d.fingerprint = i.fingerprint
        RETURNING d.fingerprint
      )
      INSERT INTO dead_letters (received_at, last_received_at, topic, device_id, reason, detail, payload,
                                fingerprint, occurrences, summary)
      SELECT received_at, received_at, topic, device_id, reason, detail, payload, fingerprint,
             CASE WHEN summary THEN fresh ELSE GREATEST(fresh, 1) END, summary
      FROM input WHERE fingerprint NOT IN (SELECT fingerprint FROM bumped)
      ON CONFLICT (fingerprint) DO UPDATE SET occurrences = dead_letters.occurrences + EXCLUDED.occurrences
      """;

  /** A letter kept in full: its text and fingerprint made once, when taken, so its bytes need not be held. */
  private record Pending(Row row, Promise<Void> answer) {
  }

  /** The first deliveries counted in one summary since the last batch, with the latest letter's topic and detail. */
  private record Count(Instant receivedAt, String topic, String detail, int fresh) {
  }

  /** One row of a batch: a distinct letter, or a summary, with how many first deliveries it counts. */
  private record Row(Instant receivedAt, String topic, String deviceId, String reason, String detail, String payload,
      boolean summary, String fingerprint, int fresh) {

    static Row kept(DeadLetter letter) {
      return new Row(letter.receivedAt(), letter.topic(), letter.deviceId(), letter.reason(), letter.detail(),
          letter.payload(), false, letter.fingerprint(), letter.redelivered() ? 0 : 1);
    }

    Row plus(Row repeat) {
      return new Row(receivedAt, topic, deviceId, reason, detail, payload, summary, fingerprint, fresh + repeat.fresh);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final DeadLetterSampler sampler;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Map<SummaryKey, Count> counts = new LinkedHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Counter stored;
  private final Counter summarised;
  private final Counter refused;
  private final List<Promise<Void>> awaitingDrain = new ArrayList<>();
  private boolean writing;
  private int consecutiveFailures;

  DeadLetterWriter(Vertx vertx, Pool pool, DeadLetterSampler sampler, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.sampler = sampler;
    this.stored = Counter.builder("vigil.store.deadletters.stored")
        .description("Refused messages kept or counted in dead_letters").register(registry);
    this.summarised = Counter.builder("vigil.store.deadletters.summarised")
        .description("Refused messages counted in a summary row, their payload not kept").register(registry);
    this.refused = Counter.builder("vigil.store.deadletters.refused")
        .description("Refused messages not taken because the dead-letter queue was full").register(registry);
    registry.gauge("vigil.store.deadletters.pending", queued);
  }

  void accept(DeadLetter letter, Promise<Void> answer) {
    if (queue.size() >= MAX_QUEUED) {
      refused.increment();
      answer.fail(Inbox.failure(StoreVerticle.BACKLOG_FULL,
          queue.size() + " dead letters wait for the database; not taking more"));
      return;
    }
    SummaryKey summary = sampler.summariseAs(letter, System.currentTimeMillis());
    if (summary == null) {
      queue.add(new Pending(Row.kept(letter), answer));
      queued.set(queue.size());
    } else {
      count(summary, letter);
      answer.complete();
    }
    if (!writing) {
      writing = true;
      vertx.runOnContext(v -> writeNext());
    }
  }

  /** Counts a summarised letter; redeliveries count nothing (their first delivery was counted already). */
  private void count(SummaryKey key, DeadLetter letter) {
    summarised.increment();
    stored.increment();
    int fresh = letter.redelivered() ? 0 : 1;
    counts.merge(key, new Count(letter.receivedAt(), letter.topic(), letter.detail(), fresh),
        (a, b) -> new Count(b.receivedAt(), b.topic(), b.detail(), a.fresh() + b.fresh()));
  }

  /** Completes once every letter taken so far is written: a graceful stop waits for it before closing the pool. */
  Future<Void> drained() {
    if (!writing && queue.isEmpty() && counts.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    awaitingDrain.add(drained);
    return drained.future();
  }

  private void writeNext() {
    if (queue.isEmpty() && counts.isEmpty()) {
      writing = false;
      awaitingDrain.forEach(Promise::tryComplete);
      awaitingDrain.clear();
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    queued.set(queue.size());
    List<Row> rows = rowsOf(batch, counts);
    counts.clear();
    write(batch, rows);
  }

  private void write(List<Pending> batch, List<Row> rows) {
    pool.preparedQuery(UPSERT).execute(tupleOf(rows))
        .onSuccess(done -> committed(batch))
        .onFailure(e -> retryLater(batch, rows, e));
  }

  private void committed(List<Pending> batch) {
    if (consecutiveFailures > 0) {
      LOG.info("dead-letter writes resumed after {} failed attempts", consecutiveFailures);
    }
    consecutiveFailures = 0;
    for (Pending p : batch) {
      stored.increment();
      p.answer().complete();
    }
    writeNext();
  }

  /** Keeps the batch and tries again: a refused message is acknowledged only once it is kept or counted. */
  private void retryLater(List<Pending> batch, List<Row> rows, Throwable error) {
    consecutiveFailures++;
    long delay = Math.min(MAX_RETRY_DELAY_MS, 100L << Math.min(consecutiveFailures - 1, 10));
    if (consecutiveFailures == 1 || consecutiveFailures % 20 == 0) {
      LOG.warn("cannot store {} dead letters, attempt {}, retrying in {} ms: {}", batch.size(), consecutiveFailures,
          delay, error.getMessage());
    }
    vertx.setTimer(delay, id -> write(batch, rows));
  }

  /** Folds the batch into one row per distinct message, plus one per summary, counting first deliveries only. */
  private static List<Row> rowsOf(List<Pending> batch, Map<SummaryKey, Count> counts) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Pending p : batch) {
      rows.merge(p.row().fingerprint(), p.row(), Row::plus);
    }
    counts.forEach((key, count) -> {
      if (count.fresh() > 0) {
        String fingerprint = summaryFingerprint(key);
        rows.put(fingerprint, new Row(count.receivedAt(), count.topic(), key.deviceId(), key.reason(), count.detail(), "", true,
            fingerprint, count.fresh()));
      }
    });
    return List.copyOf(rows.values());
  }

  private static String summaryFingerprint(SummaryKey key) {
    return "summary:" + key.deviceId() + ":" + key.reason() + ":" + key.windowStart();
  }

  private static Tuple tupleOf(List<Row> rows) {
    int n = rows.size();
    OffsetDateTime[] receivedAt = new OffsetDateTime[n];
    String[] topic = new String[n];
    String[] device = new String[n];
    String[] reason = new String[n];
    String[] detail = new String[n];
    String[] payload = new String[n];
    String[] fingerprint = new String[n];
    Integer[] fresh = new Integer[n];
    Boolean[] summary = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      receivedAt[i] = utc(row.receivedAt());
      topic[i] = row.topic();
      device[i] = row.deviceId();
      reason[i] = row.reason();
      detail[i] = row.summary() ? "summary: messages of this device and reason beyond the sampling budget in this"
          + " minute, counted in occurrences; payloads not kept. Latest: " + row.detail() : row.detail();
      payload[i] = row.payload();
      fingerprint[i] = row.fingerprint();
      fresh[i] = row.fresh();
      summary[i] = row.summary();
    }
    return Tuple.of(receivedAt, topic, device, reason, detail, payload, fingerprint, fresh, summary);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
