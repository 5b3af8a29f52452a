package dev.vigil.store;

import dev.vigil.energy.MinuteRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an energy report reads: the devices a site, tag or id selects (with their site's time zone and
 * tariff), and their minute rollups of {@code power_w} and {@code energy_kwh} (never the raw readings).
 */
public final class EnergyQueries {

  public static final String POWER = "power_w";
  public static final String COUNTER = "energy_kwh";

  private static final String DEVICES = """
      SELECT d.id, d.site, d.tags, d.energy_role, s.time_zone, s.tariff
        FROM devices d LEFT JOIN sites s ON s.id = d.site
       WHERE ($1::text IS NULL OR d.site = $1) AND ($2::text IS NULL OR $2 = ANY(d.tags))
         AND ($3::text IS NULL OR d.id = $3)
       ORDER BY d.id LIMIT $4""";
  private static final String MINUTES = """
      SELECT device_id, extract(epoch FROM bucket_start)::bigint AS minute, count, sum,
             coalesce(first, min) AS first, coalesce(last, max) AS last
        FROM reading_rollups
       WHERE device_id = ANY($1) AND metric = $2 AND bucket_start >= $3 AND bucket_start < $4
       ORDER BY device_id, bucket_start""";
  private static final String LAST_BEFORE = """
      SELECT r.* FROM unnest($1::text[]) AS ids(id) CROSS JOIN LATERAL (
        SELECT device_id, extract(epoch FROM bucket_start)::bigint AS minute, count, sum,
               coalesce(first, min) AS first, coalesce(last, max) AS last
          FROM reading_rollups WHERE device_id = ids.id AND metric = $2 AND bucket_start < $3
         ORDER BY bucket_start DESC LIMIT 1) r""";

  /** A selected device: placement and its site's settings (time zone null and tariff null without a site). */
  public record Selected(String id, String site, List<String> tags, boolean producer, String timeZone, JsonObject tariff) {
  }

  private final Pool pool;

  public EnergyQueries(Pool pool) {
    this.pool = pool;
  }

  /** The devices matching every given filter (null: no filter), at most {@code limit}, by id. */
  public Future<List<Selected>> devices(String site, String tag, String deviceId, int limit) {
    return pool.preparedQuery(DEVICES).execute(Tuple.of(site, tag, deviceId, limit)).map(rows -> {
      List<Selected> out = new ArrayList<>();
      for (Row row : rows) {
        Object tariff = row.getValue("tariff");
        out.add(new Selected(row.getString("id"), row.getString("site"), List.of(row.getArrayOfStrings("tags")),
            "producer".equals(row.getString("energy_role")), row.getString("time_zone"),
            tariff instanceof JsonObject json ? json : null));
      }
      return out;
    });
  }

  /** Per device id, its minutes of {@code metric} in {@code [from, to)}, oldest first. */
  public Future<Map<String, List<MinuteRow>>> minutes(List<String> ids, String metric, Instant from, Instant to) {
    Tuple args = Tuple.of(ids.toArray(new String[0]), metric, QueryTimes.utc(from), QueryTimes.utc(to));
    return pool.preparedQuery(MINUTES).execute(args).map(rows -> {
      Map<String, List<MinuteRow>> out = new HashMap<>();
      rows.forEach(row -> out.computeIfAbsent(row.getString("device_id"), k -> new ArrayList<>()).add(minute(row)));
      return out;
    });
  }

  /** Per device id, its last minute of {@code metric} before {@code before}, when it has one. */
  public Future<Map<String, MinuteRow>> lastBefore(List<String> ids, String metric, Instant before) {
    Tuple args = Tuple.of(ids.toArray(new String[0]), metric, QueryTimes.utc(before));
    return pool.preparedQuery(LAST_BEFORE).execute(args).map(rows -> {
      Map<String, MinuteRow> out = new HashMap<>();
      rows.forEach(row -> out.put(row.getString("device_id"), minute(row)));
      return out;
    });
  }

  private static MinuteRow minute(Row row) {
    return new MinuteRow(row.getLong("minute"), row.getInteger("count"), row.getDouble("sum"), row.getDouble("first"),
        row.getDouble("last"));
  }
}
