package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * Fleet-wide series from the minute rollups: per bucket, the sum over devices of each device's average of
 * one metric in that bucket (total power of the fleet over time), and how many devices contributed.
 * Reads {@code reading_rollups} by metric and time (its bucket_start index), never the readings.
 */
public final class FleetQueries {

  private static final String SUMMED = """
      SELECT bucket, sum(device_avg) AS total, count(*) AS devices FROM (
        SELECT device_id, to_timestamp(floor(extract(epoch FROM bucket_start)::float8 / $4) * $4) AS bucket,
               sum(sum) / sum(count) AS device_avg
          FROM reading_rollups
         WHERE metric = $1 AND bucket_start >= $2 AND bucket_start < $3
           AND ($5::text IS NULL AND $6::text IS NULL OR device_id IN (SELECT id FROM devices
                 WHERE ($5::text IS NULL OR site = $5) AND ($6::text IS NULL OR $6 = ANY(tags))))
         GROUP BY device_id, bucket) per_device
       GROUP BY bucket ORDER BY bucket""";

  private final Pool pool;

  public FleetQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code [{ts, sum, devices}...]}, oldest first, one per bucket of {@code bucketSeconds} (aligned on the Unix
   * epoch) in which at least one device sent {@code metric}; empty buckets are absent. Only the devices of
   * {@code site} carrying {@code tag} (each null: no filter).
   */
  public Future<JsonArray> summed(String metric, Instant from, Instant to, long bucketSeconds, String site, String tag) {
    Tuple args = Tuple.of(metric, QueryTimes.utc(from), QueryTimes.utc(to), (double) bucketSeconds, site, tag);
    return pool.preparedQuery(SUMMED).execute(args).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        out.add(new JsonObject().put("ts", QueryTimes.iso(row, "bucket")).put("sum", row.getDouble("total"))
            .put("devices", row.getLong("devices")));
      }
      return out;
    });
  }
}
