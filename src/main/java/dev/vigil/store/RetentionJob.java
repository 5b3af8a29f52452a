package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link Retention}: every {@code period}, compacts recent readings older than the compaction
 * age into per-device, per-hour blocks, drops the day partitions of raw readings past their retention,
 * and deletes rollups and dead letters past theirs. Every step is idempotent and safe beside the writer
 * and other instances (see vigil_compact_recent in the V7 migration), so a pass that fails is simply
 * done again by the next.
 */
public final class RetentionJob extends VerticleBase {

  public static final Duration DEFAULT_PERIOD = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  private static final String RECORD_SETTINGS = """
      INSERT INTO retention_settings (readings_days, compact_after_hours, rollups_days, dead_letters_days)
      VALUES ($1, $2, $3, $4)
      ON CONFLICT (singleton) DO UPDATE SET readings_days = EXCLUDED.readings_days,
        compact_after_hours = EXCLUDED.compact_after_hours, rollups_days = EXCLUDED.rollups_days,
        dead_letters_days = EXCLUDED.dead_letters_days, updated_at = now()""";
  /** The bulk of a pass, without locking any partition: readers and writers never wait for it. */
  private static final String COMPACT_ROWS = """
      WITH moved AS (SELECT vigil_compact_readings($1) AS moved),
           marked AS (UPDATE readings_compacted SET upto = GREATEST(upto, $1))
      SELECT moved FROM moved""";
  /** Then the stragglers, with the emptied day partitions locked and truncated (a short lock). */
  private static final String COMPACT_AND_TRUNCATE = "SELECT vigil_compact_recent($1) AS moved";
  private static final String DROP_READINGS = """
      SELECT vigil_drop_partitions_before('readings_recent', $1) + vigil_drop_partitions_before('readings_blocks', $1)
        AS dropped""";
  private static final String DELETE_ROLLUPS = "DELETE FROM reading_rollups WHERE bucket_start < $1";
  private static final String DELETE_DEAD_LETTERS =
      "DELETE FROM dead_letters WHERE coalesce(last_received_at, received_at) < $1";

  private final Pool pool;
  private final Retention retention;
  private final Duration period;
  private long timer = -1;
  private boolean running;

  public RetentionJob(Pool pool, Retention retention, Duration period) {
    this.pool = pool;
    this.retention = retention;
    this.period = period;
  }

  public RetentionJob(Pool pool, Retention retention) {
    this(pool, retention, DEFAULT_PERIOD);
  }

  @Override
  public Future<?> start() {
    return pool.preparedQuery(RECORD_SETTINGS).execute(Tuple.of(retention.readingsDays(),
            retention.compactAfterHours(), retention.rollupsDays(), retention.deadLettersDays()))
        .onSuccess(done -> timer = vertx.setPeriodic(period.toMillis(), id -> runOnce()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** One pass at the current time; skipped while the previous pass still runs. */
  Future<JsonObject> runOnce() {
    if (running) {
      return Future.succeededFuture(new JsonObject());
    }
    running = true;
    return apply(Instant.now())
        .onFailure(e -> LOG.warn("retention pass failed, the next one retries: {}", e.getMessage()))
        .onComplete(done -> running = false);
  }

  /**
   * Compacts and drops what is due at {@code now}: {@code {compacted, partitionsDropped, rollupsDeleted,
   * deadLettersDeleted}}.
   */
  public Future<JsonObject> apply(Instant now) {
    JsonObject done = new JsonObject();
    return compact(now).map(n -> done.put("compacted", n))
        .compose(v -> dropReadings(now)).map(n -> done.put("partitionsDropped", n))
        .compose(v -> delete(DELETE_ROLLUPS, retention.rollupsDays(), now)).map(n -> done.put("rollupsDeleted", n))
        .compose(v -> delete(DELETE_DEAD_LETTERS, retention.deadLettersDays(), now))
        .map(n -> done.put("deadLettersDeleted", n));
  }

  /** Whole hours only: a block is made once its hour is entirely older than the compaction age. */
  private Future<Long> compact(Instant now) {
    if (retention.compactAfterHours() == 0) {
      return Future.succeededFuture(0L);
    }
    Tuple before = Tuple.of(utc(now.minus(Duration.ofHours(retention.compactAfterHours())).truncatedTo(ChronoUnit.HOURS)));
    return pool.preparedQuery(COMPACT_ROWS).execute(before).map(rows -> rows.iterator().next().getLong("moved"))
        .compose(bulk -> pool.preparedQuery(COMPACT_AND_TRUNCATE).execute(before)
            .map(rows -> bulk + rows.iterator().next().getLong("moved")));
  }

  private Future<Integer> dropReadings(Instant now) {
    if (retention.readingsDays() == 0) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(DROP_READINGS).execute(Tuple.of(utc(now.minus(Duration.ofDays(retention.readingsDays())))))
        .map(rows -> rows.iterator().next().getInteger("dropped"));
  }

  private Future<Integer> delete(String sql, int days, Instant now) {
    if (days == 0) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(sql).execute(Tuple.of(utc(now.minus(Duration.ofDays(days))))).map(rows -> rows.rowCount());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
