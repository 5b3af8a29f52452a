package dev.vigil.store;

import dev.vigil.alert.Digits;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The fleet KPIs of the overview page. Every figure comes from an indexed or small query: the device
 * table, the last minute of readings, the partial index of anomalous readings (and the blocks of the last
 * day that hold an anomaly), the minute rollups for the energy cost, and the catalog for the disk used.
 */
public final class StatsQueries {

  /** Above this many rows, "readings stored" is the planner's estimate rather than a full count. */
  static final long EXACT_COUNT_UP_TO = 1_000_000;

  private static final String DEVICES = """
      SELECT count(*) FILTER (WHERE status = 'online') AS online, count(*) AS total,
             avg((last_metrics->>'power_w')::float8) FILTER (WHERE status = 'online' AND last_metrics ? 'power_w') AS power,
             avg((last_metrics->>'voltage_v')::float8) FILTER (WHERE status = 'online' AND last_metrics ? 'voltage_v') AS voltage
        FROM devices""";
  /** The last minute and the last day are never compacted yet (compaction starts at one hour), except anomalies. */
  private static final String LAST_MINUTE = "SELECT count(*) AS n FROM readings_recent WHERE ts >= now() - interval '1 minute'";
  private static final String ANOMALIES_24H = """
      SELECT (SELECT count(*) FROM readings_recent WHERE anomalous AND ts >= now() - interval '24 hours')
           + (SELECT count(*) FROM readings_blocks b CROSS JOIN LATERAL unnest(b.ts, b.anomalous) AS u(ts, anomalous)
               WHERE b.anomalies > 0 AND b.hour >= now() - interval '25 hours' AND u.anomalous
                 AND u.ts >= now() - interval '24 hours') AS n""";
  private static final String ESTIMATE = """
      SELECT (SELECT coalesce(sum(c.reltuples), 0) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'readings_recent'::regclass AND c.reltuples > 0)::bigint
           + (SELECT coalesce(sum(n), 0) FROM readings_blocks)::bigint AS n""";
  private static final String EXACT = """
      SELECT (SELECT count(*) FROM readings_recent) + (SELECT coalesce(sum(n), 0) FROM readings_blocks)::bigint AS n""";
  private static final String RETENTION = "SELECT * FROM retention_settings";
  /** Every readings table, partition, index and TOAST table, and the dictionaries. */
  private static final String BYTES = """
      SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c
       WHERE c.relkind = 'r' AND (c.relname LIKE 'readings%' OR c.relname IN ('device_keys', 'metric_sets'))""";
  /**
   * Energy (kWh) of anomalous power_w readings in the last 24 h: in a minute bucket holding {@code count}
   * readings, each reading stands for 60/count seconds, so the bucket's anomalous energy is
   * anomalous_sum(W) x 60/count (s) / 3,600,000 (J per kWh).
   */
  private static final String ANOMALOUS_KWH = """
      SELECT coalesce(sum(anomalous_sum * 60.0 / count), 0) / 3600000.0 AS kwh FROM reading_rollups
       WHERE metric = 'power_w' AND anomalies > 0 AND bucket_start >= now() - interval '24 hours'""";

  private final Pool pool;

  public StatsQueries(Pool pool) {
    this.pool = pool;
  }

  /** The KPIs; {@code tariff} is the price of one kWh, in the user's currency. */
  public Future<JsonObject> stats(double tariff) {
    Future<Row> devices = one(DEVICES);
    Future<Long> lastMinute = one(LAST_MINUTE).map(row -> row.getLong("n"));
    Future<Long> anomalies = one(ANOMALIES_24H).map(row -> row.getLong("n"));
    Future<Long> stored = readingsStored();
    Future<Double> kwh = one(ANOMALOUS_KWH).map(row -> row.getDouble("kwh"));
    Future<JsonObject> storage = storage();
    return Future.all(List.of(devices, lastMinute, anomalies, stored, kwh, storage)).map(done -> new JsonObject()
        .put("devicesOnline", devices.result().getLong("online"))
        .put("devicesTotal", devices.result().getLong("total"))
        .put("readingsPerSecond", Digits.round(lastMinute.result() / 60.0))
        .put("readingsStored", stored.result())
        .put("anomalies24h", anomalies.result())
        .put("avgPowerW", Digits.round(devices.result().getDouble("power")))
        .put("avgVoltageV", Digits.round(devices.result().getDouble("voltage")))
        .put("anomalousEnergyKwh24h", Digits.round(kwh.result()))
        .put("tariffPerKwh", tariff)
        .put("anomalousCost24h", Digits.round(kwh.result() * tariff))
        .put("storage", storage.result()));
  }

  /**
   * {@code {readingsBytes, retention}}: the disk the readings take, and the retention the running
   * {@link RetentionJob} applies ({@code null} before one has started).
   */
  private Future<JsonObject> storage() {
    Future<Long> bytes = one(BYTES).map(row -> row.getLong("bytes"));
    Future<JsonObject> retention = pool.preparedQuery(RETENTION).execute(Tuple.tuple())
        .map(rows -> rows.size() == 0 ? null : Retention.fromRow(rows.iterator().next()).toJson());
    return Future.all(bytes, retention).map(done -> new JsonObject()
        .put("readingsBytes", bytes.result()).put("retention", retention.result()));
  }

  /** Exact when small; on big tables the statistics' estimate, since count(*) would scan every row. */
  private Future<Long> readingsStored() {
    return one(ESTIMATE).map(row -> row.getLong("n")).compose(estimate -> estimate > EXACT_COUNT_UP_TO
        ? Future.succeededFuture(estimate)
        : one(EXACT).map(row -> row.getLong("n")));
  }

  private Future<Row> one(String sql) {
    return pool.preparedQuery(sql).execute(Tuple.tuple()).map(rows -> rows.iterator().next());
  }
}
