package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * Read side of readings for the web API: raw readings of a range, and downsampled series from the
 * minute rollups (coarser buckets aggregate minute rows, so a month costs ~43,000 rows per metric
 * however many readings it holds).
 */
public final class ReadingQueries {

  /** The latest {@code limit} readings of the range, recent rows and compacted blocks alike, returned oldest first. */
  private static final String RAW = """
      SELECT latest.ts, latest.seq, s.names, latest.vals, latest.score, latest.anomalous, latest.expected FROM (
        SELECT r.ts, r.seq, r.metric_set, r.vals, r.score, r.anomalous, r.expected
          FROM device_keys k CROSS JOIN LATERAL vigil_device_readings(k.key, $2, $3) r
         WHERE k.id = $1 ORDER BY r.ts DESC, r.seq DESC LIMIT $4) latest
      JOIN metric_sets s ON s.key = latest.metric_set
      ORDER BY latest.ts, latest.seq""";
  /**
   * The device's minute rollups, and, for the minutes after its last rolled-up one (a minute is rolled up 5 to
   * 15 s after it ends; a device that just started has none), the same figures from its raw readings, at most
   * the last 15 minutes of them: a long range shows what the device sent a moment ago too.
   */
  private static final String BUCKETED = """
      WITH tail AS (
        SELECT GREATEST($2::timestamptz, now() - interval '15 minutes',
                        (SELECT max(bucket_start) + interval '1 minute' FROM reading_rollups
                          WHERE device_id = $1 AND bucket_start >= now() - interval '16 minutes')) AS from_ts
      ), %s,
      minutes AS (
        SELECT metric, bucket_start, count, min, max, sum, anomalies, expected_count, expected_low_sum, expected_high_sum
          FROM reading_rollups
         WHERE device_id = $1 AND bucket_start >= $2 AND bucket_start < $3
        UNION ALL
        SELECT metric, bucket_start, count, min, max, sum, anomalies, expected_count, expected_low_sum, expected_high_sum
          FROM minute_figures
      )
      SELECT metric, to_timestamp(floor(extract(epoch FROM bucket_start)::float8 / $4) * $4) AS bucket,
             sum(count)::bigint AS count, min(min) AS min, max(max) AS max, sum(sum) / sum(count)::float8 AS avg,
             sum(anomalies)::bigint AS anomalies,
             sum(expected_low_sum) / nullif(sum(expected_count), 0)::float8 AS expected_low,
             sum(expected_high_sum) / nullif(sum(expected_count), 0)::float8 AS expected_high
        FROM minutes
       GROUP BY metric, bucket ORDER BY metric, bucket""".formatted(MinuteFigures.of(
      "vigil_device_readings((SELECT key FROM device_keys WHERE id = $1), (SELECT from_ts FROM tail), $3)"));

  private final Pool pool;

  public ReadingQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code [{ts, seq, metrics, score, anomalous, expected}...]}, oldest first, at most {@code limit}, the newest
   * of the range; {@code expected} is {@code {metric: {low, high}}}, {@code {}} for a reading scored while warming up
   * and for a compacted reading that was not anomalous (blocks keep the band of anomalies only, V14).
   */
  public Future<JsonArray> raw(String deviceId, Instant from, Instant to, int limit) {
    Tuple args = Tuple.of(deviceId, QueryTimes.utc(from), QueryTimes.utc(to), limit);
    return pool.preparedQuery(RAW).execute(args).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(toReading(row)));
      return out;
    });
  }

  /**
   * Per metric, one point per bucket of {@code bucketSeconds} (aligned on the Unix epoch, so days are UTC
   * days): {@code {"power_w": [{ts, count, min, max, avg, anomalies, expectedLow, expectedHigh}...], ...}}, the
   * expected range averaged over the bucket's readings that had one (null when none had). Empty buckets are absent.
   */
  public Future<JsonObject> bucketed(String deviceId, Instant from, Instant to, long bucketSeconds) {
    Tuple args = Tuple.of(deviceId, QueryTimes.utc(from), QueryTimes.utc(to), (double) bucketSeconds);
    return pool.preparedQuery(BUCKETED).execute(args).map(rows -> {
      JsonObject series = new JsonObject();
      for (Row row : rows) {
        JsonArray points = series.getJsonArray(row.getString("metric"));
        if (points == null) {
          points = new JsonArray();
          series.put(row.getString("metric"), points);
        }
        points.add(toPoint(row));
      }
      return series;
    });
  }

  private static JsonObject toReading(Row row) {
    String[] names = row.getArrayOfStrings("names");
    return new JsonObject()
        .put("ts", QueryTimes.iso(row, "ts"))
        .put("seq", row.getLong("seq"))
        .put("metrics", StoredValues.metrics(names, row.getArrayOfDoubles("vals")))
        .put("score", row.getDouble("score"))
        .put("anomalous", row.getBoolean("anomalous"))
        .put("expected", StoredValues.expected(names, row.getArrayOfFloats("expected")));
  }

  private static JsonObject toPoint(Row row) {
    return new JsonObject()
        .put("ts", QueryTimes.iso(row, "bucket"))
        .put("count", row.getLong("count"))
        .put("min", row.getDouble("min"))
        .put("max", row.getDouble("max"))
        .put("avg", row.getDouble("avg"))
        .put("anomalies", row.getLong("anomalies"))
        .put("expectedLow", StoredValues.bandAverage(row.getDouble("expected_low")))
        .put("expectedHigh", StoredValues.bandAverage(row.getDouble("expected_high")));
  }
}
