package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoredReading.Contribution;
import dev.vigil.scoring.ScoredReading.Range;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The V7 readings layout over real PostgreSQL: idempotent writes into narrow rows, compaction into per-hour
 * blocks that the API reads as before, retention by partition, and the migration of V6 rows.
 */
class StorageLayoutIT {

  private static final Retention RETENTION = new Retention(30, 2, 3650, 7);
  /** Three hours back, on the hour: old enough to compact, young enough to keep. */
  private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

  private Vertx vertx;
  private String pgUri;
  private Pool pool;
  private ReadingWriter writer;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pgUri = TestInfra.freshDatabase();
    pool = PgPools.create(vertx, pgUri, 2);
    writer = new ReadingWriter(pool, StoreConfig.DEFAULT_BAND_EVERY_MS);
    ensurePartitions(HOUR);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void storesARedeliveredReadingOnceBeforeAndAfterItWasCompacted() throws Exception {
    ScoredReading reading = judged("dup-1", HOUR.plusSeconds(10), 1, 230.5);
    assertThat(await(writer.write(List.of(reading, reading))).cardinality()).as("a copy within the batch").isEqualTo(1);
    assertThat(await(writer.write(List.of(reading))).cardinality()).as("a redelivery of a recent reading").isZero();

    compactNow();
    assertThat(count("SELECT count(*) FROM readings_recent")).isZero();
    assertThat(await(writer.write(List.of(reading))).cardinality()).as("a redelivery of a compacted reading").isZero();

    compactNow();
    assertThat(count("SELECT count(*) FROM readings WHERE device_id = 'dup-1'")).isEqualTo(1);
  }

  @Test
  void storesEachReadingWithTheMetricNamesItCarriedWhenADeviceChangesItsMetrics() throws Exception {
    List<Map<String, Double>> shapes = List.of(Map.of("a", 1.5, "b", 2.5), Map.of("a", 3.5, "c", 4.5),
        Map.of("a", 5.5, "b", 6.5, "c", 7.5), Map.of("b", 8.5, "a", 9.5));
    for (int i = 0; i < shapes.size(); i++) {
      Reading r = new Reading("shapes-1", HOUR.plusSeconds(i), i, shapes.get(i), HOUR.plusSeconds(i));
      // Two batches per shape: the second finds the device's names remembered from the first.
      await(writer.write(List.of(ScoredReading.warmingUp(r))));
      Reading again = new Reading("shapes-1", HOUR.plusSeconds(i).plusMillis(500), i, shapes.get(i), HOUR.plusSeconds(i));
      await(writer.write(List.of(ScoredReading.warmingUp(again))));
    }
    assertThat(TestInfra.queryString(pgUri, "SELECT string_agg(metrics::text, ';' ORDER BY ts) FROM readings"
        + " WHERE device_id = 'shapes-1'")).isEqualTo(String.join(";",
        "{\"a\": 1.5, \"b\": 2.5}", "{\"a\": 1.5, \"b\": 2.5}", "{\"a\": 3.5, \"c\": 4.5}", "{\"a\": 3.5, \"c\": 4.5}",
        "{\"a\": 5.5, \"b\": 6.5, \"c\": 7.5}", "{\"a\": 5.5, \"b\": 6.5, \"c\": 7.5}",
        "{\"a\": 9.5, \"b\": 8.5}", "{\"a\": 9.5, \"b\": 8.5}"));
  }

  @Test
  void compactsOldHoursIntoBlocksThatTheApiReadsExactlyAsBeforeButTheBandOfAnomaliesOnly() throws Exception {
    List<ScoredReading> batch = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant ts = HOUR.plusSeconds(60L * i);
      batch.add(i < 5 ? warming("cmp-1", ts, i) : judged("cmp-1", ts, i, 230.123456789 + i / 7.0));
      batch.add(judged("cmp-2", ts, i, -1e-9 * i));
    }
    batch.add(anomalous("cmp-1", HOUR.plusSeconds(30), 1000));
    batch.add(receivedLongAfter("cmp-1", HOUR.plusSeconds(40), 1001));
    await(writer.write(batch));
    Instant from = HOUR.minusSeconds(60);
    Instant to = HOUR.plus(3, ChronoUnit.HOURS);
    JsonArray before = await(new ReadingQueries(pool).raw("cmp-1", from, to, 1000));
    String csvBefore = csv("cmp-1", from, to);
    String viewBefore = viewDump(pgUri, "CASE WHEN anomalous THEN expected END");

    compactNow();

    assertThat(count("SELECT count(*) FROM readings_recent")).isZero();
    assertThat(count("SELECT count(*) FROM readings_blocks")).as("one block per device and hour").isEqualTo(4);
    assertThat(count("SELECT sum(n) FROM readings_blocks")).isEqualTo(242);
    assertThat(before).hasSize(122);
    assertThat(before.stream().filter(r -> !((JsonObject) r).getJsonObject("expected").isEmpty())).hasSize(117);
    assertThat(await(new ReadingQueries(pool).raw("cmp-1", from, to, 1000)))
        .isEqualTo(withoutBandUnlessAnomalous(before));
    assertThat(csv("cmp-1", from, to)).isEqualTo(csvBefore);
    assertThat(viewDump(pgUri, "expected")).isEqualTo(viewBefore);
  }

  @Test
  void mergesALateReadingIntoTheBlockOfItsHour() throws Exception {
    await(writer.write(List.of(judged("late-1", HOUR.plusSeconds(10), 1, 1.0),
        judged("late-1", HOUR.plusSeconds(30), 3, 3.0))));
    compactNow();
    assertThat(await(writer.write(List.of(judged("late-1", HOUR.plusSeconds(20), 2, 2.0)))).cardinality()).isEqualTo(1);
    compactNow();

    assertThat(count("SELECT count(*) FROM readings_blocks")).isEqualTo(1);
    JsonArray items = await(new ReadingQueries(pool).raw("late-1", HOUR, HOUR.plusSeconds(3600), 10));
    assertThat(items.stream().map(o -> ((JsonObject) o).getLong("seq")).toList()).containsExactly(1L, 2L, 3L);
    assertThat(items.getJsonObject(1).getJsonObject("metrics").getDouble("power_w")).isEqualTo(2.0);
  }

  @Test
  void rollsUpCompactedHoursLikeRecentOnesAndKeepsTheBandTheMinuteHad() throws Exception {
    List<ScoredReading> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(judged("roll-1", HOUR.plusSeconds(2L * i), i, 100 + i));
    }
    await(writer.write(batch));
    RollupJob rollups = new RollupJob(pool);
    await(rollups.rollup(HOUR, HOUR.plusSeconds(3600)));
    String fromRecent = rollupDump();

    compactNow();
    await(rollups.rollup(HOUR, HOUR.plusSeconds(3600)));
    assertThat(rollupDump()).as("recomputed from blocks, which keep no band").isEqualTo(fromRecent)
        .contains("power_w 30 100 129 3435 30");

    await(pool.query("DELETE FROM reading_rollups").execute());
    await(rollups.rollup(HOUR, HOUR.plusSeconds(3600)));
    assertThat(rollupDump()).as("from scratch: the values alike, no band").contains("power_w 30 100 129 3435 0 0 0 100 129");
  }

  @Test
  void takesAMinutesFirstAndLastValueByTimeThenSequenceAcrossBlockAndRecentRows() throws Exception {
    Instant minute = HOUR.plusSeconds(60);
    await(writer.write(List.of(judged("ends-1", minute.plusSeconds(10), 5, 105),
        judged("ends-1", minute.plusSeconds(30), 6, 106), judged("ends-1", minute.plusSeconds(50), 7, 107))));
    compactNow();
    // Late, so kept as recent rows beside the hour's block: each shares its time with an end of the block.
    await(writer.write(List.of(judged("ends-1", minute.plusSeconds(10), 4, 104),
        judged("ends-1", minute.plusSeconds(50), 8, 108))));
    assertThat(count("SELECT count(*) FROM readings_recent")).isEqualTo(2);
    RollupJob rollups = new RollupJob(pool);

    await(rollups.rollup(minute, minute.plusSeconds(60)));
    String everyDevice = rollupDump();
    await(pool.query("DELETE FROM reading_rollups").execute());
    await(rollups.rollup("ends-1", minute, minute.plusSeconds(60)));

    String power = Arrays.stream(everyDevice.split(";")).filter(m -> m.startsWith("power_w")).findFirst().orElseThrow();
    assertThat(power).as("the pass over every device's minutes, ends by the index")
        .startsWith("power_w 5 104 108 530 ").endsWith(" 104 108");
    assertThat(rollupDump()).as("a device's late minutes, ends by the window").isEqualTo(everyDevice);
  }

  @Test
  void dropsDayPartitionsOfRawReadingsPastTheirRetentionAndKeepsTheRest() throws Exception {
    Instant old = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(40, ChronoUnit.DAYS).plusSeconds(3600);
    TestInfra.execute(pgUri, "SELECT vigil_ensure_day_partition(t, '" + old + "')"
        + " FROM unnest(ARRAY['readings_recent', 'readings_blocks']) AS t");
    await(writer.write(List.of(judged("ret-1", old, 1, 1.0), judged("ret-1", HOUR, 2, 2.0))));
    String oldDay = OffsetDateTime.ofInstant(old, ZoneOffset.UTC).toLocalDate().toString().replace("-", "");
    TestInfra.execute(pgUri, "INSERT INTO dead_letters (received_at, topic, reason, detail, payload, fingerprint)"
        + " VALUES (now() - interval '8 days', 't', 'not_json', 'd', '', 'old'), (now(), 't', 'not_json', 'd', '', 'new')");

    JsonObject done = await(new RetentionJob(pool, RETENTION).apply(Instant.now()));

    assertThat(done.getInteger("partitionsDropped")).isGreaterThanOrEqualTo(2);
    assertThat(count("SELECT count(*) FROM pg_class WHERE relname IN ('readings_recent_" + oldDay
        + "', 'readings_blocks_" + oldDay + "')")).isZero();
    assertThat(TestInfra.queryString(pgUri, "SELECT string_agg(seq::text, ',') FROM readings WHERE device_id = 'ret-1'"))
        .isEqualTo("2");
    assertThat(TestInfra.queryString(pgUri, "SELECT string_agg(fingerprint, ',') FROM dead_letters")).isEqualTo("new");
  }

  @Test
  void showsTheRetentionInForceAndTheDiskTakenInStats() throws Exception {
    await(writer.write(List.of(judged("stat-1", HOUR, 1, 1.0))));
    await(vertx.deployVerticle(new RetentionJob(pool, new Retention(14, 3, 400, 5))));

    JsonObject storage = await(new StatsQueries(pool).stats(0.3)).getJsonObject("storage");

    assertThat(storage.getJsonObject("retention")).isEqualTo(new JsonObject().put("readingsDays", 14)
        .put("compactAfterHours", 3).put("rollupsDays", 400).put("deadLettersDays", 5));
    assertThat(storage.getLong("readingsBytes")).isPositive();
  }

  @Test
  void migrationMovesVersion6ReadingsIntoTheNewLayout() throws Exception {
    String v6 = TestInfra.serverPgUri().replaceAll("/[^/]*$", "/") + "vigil_v6_" + Long.toHexString(System.nanoTime());
    TestInfra.execute(TestInfra.serverPgUri(), "CREATE DATABASE " + v6.substring(v6.lastIndexOf('/') + 1));
    var options = io.vertx.pgclient.PgConnectOptions.fromUri(v6);
    Flyway.configure().dataSource(Migrations.jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration").target("6").load().migrate();
    TestInfra.execute(v6, "SELECT vigil_ensure_month_partition(now())");
    TestInfra.execute(v6, "INSERT INTO readings (device_id, ts, seq, metrics, score, anomalous, model_version,"
        + " explanation, expected) VALUES"
        + " ('m-1', now() - interval '1 minute', 1, '{\"power_w\": 2000.0, \"voltage\": 230.1}', 0, false, 0, null, null),"
        + " ('m-1', now(), 2, '{\"power_w\": 512.5, \"voltage\": 229.9}', 0.97, true, 3,"
        + "  '[{\"metric\": \"power_w\", \"share\": 1.0}]', '{\"power_w\": {\"low\": 470.5, \"high\": 530.25}}'),"
        + " ('m-2', now(), 1, '{\"t\": 21.5}', 0.1, false, 1, null, null)");
    String before = TestInfra.queryString(v6, "SELECT string_agg(concat_ws(' ', device_id, seq, metrics, score, anomalous,"
        + " model_version, explanation, expected), ';' ORDER BY device_id, seq) FROM readings");

    assertThat(Migrations.migrate(v6)).isGreaterThanOrEqualTo(1);

    assertThat(TestInfra.queryString(v6, "SELECT string_agg(concat_ws(' ', device_id, seq, metrics, score, anomalous,"
        + " model_version, explanation, expected), ';' ORDER BY device_id, seq) FROM readings")).isEqualTo(before);
    assertThat(TestInfra.queryString(v6, "SELECT count(*) FROM readings_recent")).isEqualTo("3");
  }

  @Test
  void migrationToBlocksWithoutBandKeepsEveryCompactedReading() throws Exception {
    String older = TestInfra.serverPgUri().replaceAll("/[^/]*$", "/") + "vigil_v12_"
        + Long.toHexString(System.nanoTime());
    TestInfra.execute(TestInfra.serverPgUri(), "CREATE DATABASE " + older.substring(older.lastIndexOf('/') + 1));
    var options = io.vertx.pgclient.PgConnectOptions.fromUri(older);
    Flyway.configure().dataSource(Migrations.jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration").target("12").load().migrate();
    ensurePartitions(older, HOUR);
    // not PgPools.create: its pool is shared by name within a Vert.x instance, so it would be the test's database
    Pool olderPool = io.vertx.pgclient.PgBuilder.pool().connectingTo(options).using(vertx).build();
    List<ScoredReading> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Instant ts = HOUR.plusSeconds(10L * i);
      batch.add(i < 3 ? warming("mig-1", ts, i) : judged("mig-1", ts, i, 1.5 * i));
    }
    batch.add(anomalous("mig-1", HOUR.plusSeconds(5), 100));
    batch.add(receivedLongAfter("mig-1", HOUR.plusSeconds(7), 101));
    await(new ReadingWriter(olderPool, StoreConfig.DEFAULT_BAND_EVERY_MS).write(batch));
    TestInfra.execute(older, "SELECT vigil_compact_recent('" + HOUR.plus(2, ChronoUnit.HOURS) + "')");
    assertThat(TestInfra.queryString(older, "SELECT count(*) FROM readings_blocks WHERE expected IS NOT NULL"))
        .as("blocks as V7 made them, with the band").isEqualTo("1");
    JsonArray before = await(new ReadingQueries(olderPool).raw("mig-1", HOUR, HOUR.plusSeconds(3600), 1000));
    String viewBefore = viewDump(older, "CASE WHEN anomalous THEN expected END");

    assertThat(Migrations.migrate(older)).isGreaterThanOrEqualTo(1);

    assertThat(before).hasSize(52);
    assertThat(await(new ReadingQueries(olderPool).raw("mig-1", HOUR, HOUR.plusSeconds(3600), 1000)))
        .isEqualTo(withoutBandUnlessAnomalous(before));
    assertThat(viewDump(older, "expected")).isEqualTo(viewBefore);
    assertThat(TestInfra.queryString(older, "SELECT sum(n) FROM readings_blocks")).isEqualTo("52");
  }

  /** What the readings API answers for compacted readings: the same, with the band of anomalous ones only. */
  private static JsonArray withoutBandUnlessAnomalous(JsonArray readings) {
    JsonArray out = readings.copy();
    out.forEach(r -> {
      JsonObject reading = (JsonObject) r;
      if (!reading.getBoolean("anomalous")) {
        reading.put("expected", new JsonObject());
      }
    });
    return out;
  }

  private String rollupDump() throws Exception {
    return TestInfra.queryString(pgUri, "SELECT string_agg(concat_ws(' ', metric, count, min, max, sum,"
        + " expected_count, expected_low_sum, expected_high_sum, first, last), ';' ORDER BY metric) FROM reading_rollups");
  }

  /** Received 400 days and a few microseconds after its timestamp: a device that replays an old backlog. */
  private ScoredReading receivedLongAfter(String device, Instant ts, long seq) {
    Reading r = reading(device, ts, seq, 231.75);
    Reading late = new Reading(device, ts, seq, r.metrics(), ts.plus(400, ChronoUnit.DAYS).plusNanos(123_457_000));
    return new ScoredReading(late, 0.25, false, false, 2, List.of(), band());
  }

  private ScoredReading warming(String device, Instant ts, long seq) {
    return ScoredReading.warmingUp(reading(device, ts, seq, 230.0));
  }

  private ScoredReading judged(String device, Instant ts, long seq, double power) {
    return new ScoredReading(reading(device, ts, seq, power), 0.125, false, false, 2, List.of(), band());
  }

  private ScoredReading anomalous(String device, Instant ts, long seq) {
    return new ScoredReading(reading(device, ts, seq, 9000.25), 0.99, true, false, 2,
        List.of(new Contribution("power_w", 9000.25, 470.5, 530.25, 0.75),
            new Contribution("voltage_v", 229.9, 228.1, 231.7, 0.2),
            new Contribution("current_a", 9000.25 / 229.9, 2.0, 2.3, 0.05)), band());
  }

  private static Reading reading(String device, Instant ts, long seq, double power) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("power_w", power);
    metrics.put("voltage_v", 229.9);
    metrics.put("current_a", power / 229.9);
    return new Reading(device, ts, seq, metrics, ts.plusNanos(3_141_593_000L + seq * 1000));
  }

  private static Map<String, Range> band() {
    return Map.of("power_w", new Range(470.5, 530.25), "voltage_v", new Range(228.1, 231.7),
        "current_a", new Range(2.0, 2.3));
  }

  /** A pass an hour from now: every hour up to HOUR + 2 h is then past the compaction age. */
  /**
   * RetentionJob compacts every 10 minutes whatever is due; when nothing is, it must not read today's rows. Before
   * V15 the range index on ts was summarized only by VACUUM, so a busy day's pass read most of the partition.
   */
  @Test
  void aCompactionWithNothingDueReadsNoPageOfTheRecentRows() throws Exception {
    TestInfra.execute(pgUri, "INSERT INTO device_keys (id) SELECT 'scan-' || d FROM generate_series(1, 20) d");
    TestInfra.execute(pgUri, "INSERT INTO metric_sets (names) VALUES ('{power_w,voltage,current}')");
    // 150,000 readings of 20 devices over 25 minutes, in time order as they arrive: a few ranges of the index.
    TestInfra.execute(pgUri, """
        INSERT INTO readings_recent (ts, seq, received_at, score, device, metric_set, model_version, anomalous, vals)
        SELECT '%s'::timestamptz + s * interval '200 ms', s, now(), 0.1, k.key, m.key, 1, false, ARRAY[s, 230, 1.5]
          FROM generate_series(0, 7499) s, device_keys k, metric_sets m ORDER BY s, k.key""".formatted(HOUR));
    String partition = TestInfra.queryString(pgUri, "SELECT tableoid::regclass FROM readings_recent LIMIT 1");
    String rangeIndex = TestInfra.queryString(pgUri, """
        SELECT i.indexrelid::regclass FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = '%s'::regclass AND a.amname = 'brin'""".formatted(partition));
    assertThat(TestInfra.queryString(pgUri, "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '"
        + rangeIndex + "'::regclass")).as("new page ranges are summarized without waiting for a VACUUM")
        .contains("autosummarize=on");
    // What autovacuum does in the background: statistics, and each range summarized once the next one fills.
    TestInfra.execute(pgUri, "ANALYZE " + partition);
    TestInfra.execute(pgUri, "SELECT brin_summarize_new_values('" + rangeIndex + "')");

    try (java.sql.Connection c = TestInfra.connect(pgUri); java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      java.sql.ResultSet moved = s.executeQuery("SELECT vigil_compact_readings('" + HOUR.minus(1, ChronoUnit.HOURS) + "')");
      assertThat(moved.next() && moved.getLong(1) == 0).as("nothing is due").isTrue();
      java.sql.ResultSet read = s.executeQuery("SELECT pg_stat_get_xact_blocks_fetched('" + partition + "'::regclass),"
          + " (SELECT relpages FROM pg_class WHERE oid = '" + partition + "'::regclass)");
      read.next();
      assertThat(read.getLong(2)).as("pages the partition holds: more than two ranges").isGreaterThan(1024);
      assertThat(read.getLong(1)).as("pages of today's rows the compaction read").isZero();
      c.rollback();
    }
  }

  private void compactNow() throws Exception {
    await(new RetentionJob(pool, RETENTION).apply(Instant.now().plus(1, ChronoUnit.HOURS)));
  }

  private void ensurePartitions(Instant at) {
    ensurePartitions(pgUri, at);
  }

  private static void ensurePartitions(String db, Instant at) {
    TestInfra.execute(db, "SELECT vigil_ensure_month_partition('" + at + "')");
  }

  /** Every reading of the view, its band as {@code band} (an expression over the view's columns). */
  private static String viewDump(String db, String band) throws Exception {
    return TestInfra.queryString(db, "SELECT string_agg(concat_ws(' ', device_id, ts, seq, metrics, score, anomalous,"
        + " model_version, explanation, received_at, " + band + "), ';' ORDER BY device_id, ts, seq) FROM readings");
  }

  private String csv(String device, Instant from, Instant to) throws Exception {
    Buffer out = Buffer.buffer();
    await(new ExportQueries(pool).csv(device, from, to, 10_000, new BufferStream(out)));
    return out.toString();
  }

  private long count(String sql) throws Exception {
    return Long.parseLong(TestInfra.queryString(pgUri, sql));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Collects what the export writes. */
  private record BufferStream(Buffer out) implements WriteStream<Buffer> {
    @Override
    public WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      out.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      return this;
    }
  }
}
