package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * Read side of the devices table for the web API: each device with its status, latest metrics and score,
 * and how many alerts it has open (unacknowledged) and live (open or acknowledged).
 */
public final class DeviceQueries {

  private static final String SELECT = """
      SELECT d.id, d.status, d.status_since, d.first_seen, d.last_seen, d.last_metrics, d.last_score, d.units,
             d.site, d.tags, d.energy_role,
             (SELECT count(*) FROM alerts a WHERE a.device_id = d.id AND a.state = 'open') AS open_alerts,
             (SELECT count(*) FROM alerts a WHERE a.device_id = d.id AND a.state <> 'cleared') AS live_alerts
        FROM devices d""";
  /** Site and tag filters: null matches every device. */
  private static final String MATCHING = " WHERE ($3::text IS NULL OR d.site = $3) AND ($4::text IS NULL OR $4 = ANY(d.tags))";
  private static final String LIST = SELECT + MATCHING + " ORDER BY d.id LIMIT $1 OFFSET $2";
  private static final String COUNT = "SELECT count(*) AS total FROM devices d WHERE ($1::text IS NULL OR d.site = $1)"
      + " AND ($2::text IS NULL OR $2 = ANY(d.tags))";
  private static final String GET = SELECT + " WHERE d.id = $1";
  private static final String EXISTS = "SELECT 1 FROM devices WHERE id = $1";

  private final Pool pool;

  public DeviceQueries(Pool pool) {
    this.pool = pool;
  }

  /** {@code {"items": [device...], "total": n, "limit": l, "offset": o}}, ordered by id. */
  public Future<JsonObject> list(int limit, int offset) {
    return list(limit, offset, null, null);
  }

  /** The same, only devices of {@code site} and carrying {@code tag} (each null: no filter). */
  public Future<JsonObject> list(int limit, int offset, String site, String tag) {
    Future<JsonArray> items = pool.preparedQuery(LIST).execute(Tuple.of(limit, offset, site, tag)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(toJson(row)));
      return out;
    });
    Future<Long> total = pool.preparedQuery(COUNT).execute(Tuple.of(site, tag)).map(rows -> rows.iterator().next().getLong("total"));
    return Future.all(items, total).map(done -> new JsonObject().put("items", items.result())
        .put("total", total.result()).put("limit", limit).put("offset", offset));
  }

  public Future<Optional<JsonObject>> get(String id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public Future<Boolean> exists(String id) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  private static JsonObject toJson(Row row) {
    Object metrics = row.getValue("last_metrics");
    Object units = row.getValue("units");
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("status", row.getString("status"))
        .put("statusSince", QueryTimes.iso(row, "status_since"))
        .put("firstSeen", QueryTimes.iso(row, "first_seen"))
        .put("lastSeen", QueryTimes.iso(row, "last_seen"))
        .put("lastMetrics", metrics instanceof JsonObject json ? json : new JsonObject())
        .put("lastScore", row.getDouble("last_score"))
        .put("units", units instanceof JsonObject json ? json : new JsonObject())
        .put("site", row.getString("site"))
        .put("tags", new JsonArray(List.of(row.getArrayOfStrings("tags"))))
        .put("energyRole", row.getString("energy_role"))
        .put("openAlerts", row.getLong("open_alerts"))
        .put("liveAlerts", row.getLong("live_alerts"));
  }
}
