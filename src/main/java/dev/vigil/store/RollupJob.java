package dev.vigil.store;

import dev.vigil.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code reading_rollups} current: every {@code period}, recomputes the ended minute buckets (of the last
 * {@code lookback} at most) that the readings stored since the previous pass fall in, from the stored
 * readings (recent rows and compacted blocks) with an INSERT .. SELECT .. ON CONFLICT DO UPDATE per slice of
 * devices, resting between slices. Each run replaces whole minutes, so runs are idempotent and several
 * instances may run it at once. Besides the value's count, min, max and sum it keeps the sums of the readings'
 * expected ranges (and how many had one), so every bucket has the average band of its readings, and the
 * minute's first and last value (an energy counter's increase, docs/energy.md). A reading stored with a
 * timestamp older than the lookback (a device replaying a backlog, a NAB file replayed with its 2014
 * timestamps) is noted from {@link Addresses#READINGS_STORED}, and the next pass also recomputes that device's
 * minutes over the late range ({@link LateReadings}), so a chart of any past range finds its rollups.
 */
public final class RollupJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RollupJob.class);

  /**
   * A minute recomputed after its readings were compacted (a late reading of that minute) finds only the band
   * of its anomalous readings (blocks keep no other, V14): it keeps the band sums it had when they cover more
   * readings. Recomputing from the same readings never lowers the count, so otherwise the new sums win.
   */
  private static final String KEEP_BAND = """
      expected_count = CASE WHEN EXCLUDED.expected_count >= reading_rollups.expected_count
                            THEN EXCLUDED.expected_count ELSE reading_rollups.expected_count END,
             expected_low_sum = CASE WHEN EXCLUDED.expected_count >= reading_rollups.expected_count
                            THEN EXCLUDED.expected_low_sum ELSE reading_rollups.expected_low_sum END,
             expected_high_sum = CASE WHEN EXCLUDED.expected_count >= reading_rollups.expected_count
                            THEN EXCLUDED.expected_high_sum ELSE reading_rollups.expected_high_sum END""";

  /** The minutes from the minute of $1 to $2 of the devices whose keys $3 holds, each minute's ends by the index. */
  static final String UPSERT_SLICE = upsert(MinuteFigures.ofRecentMinutes("date_trunc('minute', $1::timestamptz)",
      "$2::timestamptz", "$3::integer[]"));
  static final String DEVICE_KEYS = "SELECT key FROM device_keys ORDER BY key";
  /** The same for one device's minutes ($3: its id), for readings that arrived late. */
  static final String UPSERT_DEVICE = upsert(MinuteFigures.of(
      "vigil_device_readings((SELECT key FROM device_keys WHERE id = $3), date_trunc('minute', $1::timestamptz), $2)"));

  /** Replaces the rollups of the minutes {@code figures} ({@link MinuteFigures}) cover with them. */
  private static String upsert(String figures) {
    return """
      WITH %s
      INSERT INTO reading_rollups (%s)
      SELECT %s FROM minute_figures
      ON CONFLICT (device_id, metric, bucket_start) DO UPDATE SET count = EXCLUDED.count, min = EXCLUDED.min,
             max = EXCLUDED.max, sum = EXCLUDED.sum, anomalies = EXCLUDED.anomalies,
             anomalous_sum = EXCLUDED.anomalous_sum, %s, first = EXCLUDED.first, last = EXCLUDED.last"""
        .formatted(figures, MinuteFigures.COLUMNS, MinuteFigures.COLUMNS, KEEP_BAND);
  }

  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
  public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(5);
  /**
   * The periodic pass rests three times as long as each slice of it took: at most a quarter of a PostgreSQL core,
   * which the 2-core bench machine has to spare at half load (docs/decisions.md, "The rollup pass in slices").
   */
  static final double REST_PER_WORK = 3;
  /** How long after a minute ends its readings are taken to be stored (a device's latency, a batch in flight). */
  static final Duration SETTLE = Duration.ofSeconds(5);

  private final Pool pool;
  private final Duration period;
  private final Duration lookback;
  private final LateReadings late;
  private long timer = -1;
  private boolean running;
  /**
   * The earliest timestamp among the readings stored since the last pass began (EPOCH at start: the whole
   * lookback), null when none was. A pass recomputes from there only: recomputing the whole lookback every
   * period aggregated each reading 30 times, which at 30 metrics and a few thousand readings a second kept
   * a PostgreSQL core busy and fell behind (docs/benchmarks.md).
   */
  private Instant dirtyFrom = Instant.EPOCH;
  /** The latest timestamp among them (at start: the start, what an instance stored just before it stopped). */
  private Instant dirtyTo = Instant.now();

  public RollupJob(Pool pool, Duration period, Duration lookback) {
    this.pool = pool;
    this.period = period;
    this.lookback = lookback;
    this.late = new LateReadings(lookback);
  }

  /** Every 10 s over the last 5 minutes. */
  public RollupJob(Pool pool) {
    this(pool, DEFAULT_PERIOD, DEFAULT_LOOKBACK);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(period.toMillis(), id -> runOnce());
    return vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
            StoredReadings.each(r -> noteStored(r.reading().deviceId(), r.reading().ts())))
        .completion().compose(v -> runOnce());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void noteStored(String deviceId, Instant ts) {
    late.note(deviceId, ts, Instant.now());
    dirtyFrom = earlier(dirtyFrom, ts);
    dirtyTo = later(dirtyTo, ts);
  }

  /**
   * The start of the first minute that may still take readings: a minute is rolled up once it has ended and
   * {@link #SETTLE} more has passed for its last readings to be stored, so that a pass aggregates each of its
   * readings once. Recomputing the open minute in every pass aggregated each reading 3 to 6 times: at ~5,000
   * readings a second a pass took 6 s of a PostgreSQL core and the next began at once (docs/benchmarks.md).
   * The price: a minute's rollup appears up to a period after the minute ends (docs/decisions.md).
   */
  static Instant settled(Instant now) {
    return now.minus(SETTLE).truncatedTo(ChronoUnit.MINUTES);
  }

  /**
   * One pass over the ended minutes that readings stored since the last pass fall in (within the lookback),
   * then the late ones; skipped while the previous pass still runs (what was noted waits for the next).
   */
  Future<Integer> runOnce() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    Instant now = Instant.now();
    Instant settled = settled(now);
    Instant from = dirtyFrom;
    if (from != null && from.isBefore(settled)) {
      boolean openMinutesNoted = !dirtyTo.isBefore(settled); // they wait for a later pass
      dirtyFrom = openMinutesNoted ? settled : null;
      dirtyTo = openMinutesNoted ? dirtyTo : null;
    } else {
      from = null;
    }
    Map<String, LateReadings.Range> backlog = late.drain();
    return rollupRecent(from, settled, now)
        .compose(rows -> rollupLate(backlog).map(more -> rows + more), e -> rollupLate(backlog))
        .onComplete(done -> running = false);
  }

  private Future<Integer> rollupRecent(Instant from, Instant upTo, Instant now) {
    if (from == null) {
      return Future.succeededFuture(0);
    }
    Instant floor = now.minus(lookback);
    return rollup(from.isBefore(floor) ? floor : from, upTo, REST_PER_WORK)
        .onFailure(e -> {
          LOG.warn("rollup of the last {} failed: {}", lookback, e.getMessage());
          dirtyFrom = earlier(dirtyFrom, from); // the next pass tries these minutes again
          dirtyTo = later(dirtyTo, upTo);
        });
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /** The minutes of readings that arrived late, one device at a time; a failed range is noted again for the next pass. */
  private Future<Integer> rollupLate(Map<String, LateReadings.Range> backlog) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (Map.Entry<String, LateReadings.Range> entry : backlog.entrySet()) {
      LateReadings.Range range = entry.getValue();
      chain = chain.compose(rows -> rollup(entry.getKey(), range.from(), range.to().plusSeconds(60))
          .map(more -> rows + more)
          .otherwise(e -> {
            LOG.warn("rollup of late readings of {} failed: {}", entry.getKey(), e.getMessage());
            late.noteRange(entry.getKey(), range);
            return rows;
          }));
    }
    return chain;
  }

  /** Recomputes one device's minute buckets from the minute of {@code from} up to {@code to}; returns rows written. */
  public Future<Integer> rollup(String deviceId, Instant from, Instant to) {
    Tuple args = Tuple.of(OffsetDateTime.ofInstant(from, ZoneOffset.UTC), OffsetDateTime.ofInstant(to, ZoneOffset.UTC),
        deviceId);
    return asPlanned(UPSERT_DEVICE, args);
  }

  /** Recomputes every device's minute buckets from the minute of {@code from} up to {@code to}; returns rows. */
  public Future<Integer> rollup(Instant from, Instant to) {
    return rollup(from, to, 0);
  }

  /**
   * The fleet's minutes a slice of devices per statement ({@link DeviceSlices}), resting {@code restPerWork} times
   * as long as each slice took before the next. One statement over every device held a PostgreSQL core for
   * 0.6 s a minute at 6,400 readings/s (up to 4 s at flat out) on a machine that had no core to spare, and the
   * readings stored meanwhile waited up to 167 ms for their commit (docs/benchmarks.md, "The rollup pass in slices");
   * resting spreads the same work over a few seconds. A device added after the keys are read has no reading in
   * these minutes: its first one took its key before the minute settled.
   */
  private Future<Integer> rollup(Instant from, Instant to, double restPerWork) {
    OffsetDateTime start = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
    OffsetDateTime end = OffsetDateTime.ofInstant(to, ZoneOffset.UTC);
    return pool.query(DEVICE_KEYS).execute().compose(rows -> {
      List<Integer> keys = new ArrayList<>(rows.size());
      rows.forEach(row -> keys.add(row.getInteger(0)));
      Future<Integer> chain = Future.succeededFuture(0);
      for (Integer[] slice : DeviceSlices.of(keys)) {
        Tuple args = Tuple.of(start, end, slice);
        chain = chain.compose(written -> sliceThenRest(args, restPerWork).map(more -> written + more));
      }
      return chain;
    });
  }

  private Future<Integer> sliceThenRest(Tuple args, double restPerWork) {
    long began = System.nanoTime();
    return asPlanned(UPSERT_SLICE, args).compose(written -> {
      long restMs = (long) (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) * restPerWork);
      return restMs < 1 ? Future.succeededFuture(written)
          : vertx.timer(restMs, TimeUnit.MILLISECONDS).map(t -> written);
    });
  }

  /**
   * Runs an upsert with PostgreSQL's JIT and sorts for grouping off. Each value's set-returning functions make the
   * planner expect about a thousand rows per reading: a busy minute crossed JIT's thresholds and spent 0.6 to 1 s
   * compiling a statement that runs faster without it, and at 30 metrics the planner grouped the data points by
   * sorting them, each carrying its reading's band array, which spilled gigabytes and took twice as long as
   * hashing them (docs/decisions.md). The window over a late device's readings still sorts: it has no other way.
   */
  private Future<Integer> asPlanned(String upsert, Tuple args) {
    return pool.withTransaction(conn -> conn.query("SET LOCAL jit = off; SET LOCAL enable_sort = off").execute()
        .compose(off -> conn.preparedQuery(upsert).execute(args))
        .map(rows -> rows.rowCount()));
  }
}
