package dev.vigil.store;

import dev.vigil.energy.Placement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Sites (time zone, tariff) and where each device sits: its site, tags and energy role. A site comes into
 * being when a device is first placed in it, or when an admin sets its time zone and tariff.
 */
public final class SiteStore {

  private static final String LIST = """
      SELECT s.id, s.time_zone, s.tariff, count(d.id) AS devices
        FROM sites s LEFT JOIN devices d ON d.site = s.id GROUP BY s.id ORDER BY s.id""";
  private static final String ZONE = "SELECT time_zone FROM sites WHERE id = $1";
  private static final String TAGS = "SELECT DISTINCT unnest(tags) AS tag FROM devices ORDER BY 1";
  private static final String UPSERT = """
      INSERT INTO sites (id, time_zone, tariff) VALUES ($1, $2, $3) ON CONFLICT (id)
        DO UPDATE SET time_zone = EXCLUDED.time_zone, tariff = EXCLUDED.tariff""";
  private static final String ENSURE = "INSERT INTO sites (id) VALUES ($1) ON CONFLICT (id) DO NOTHING";
  private static final String PLACE = "UPDATE devices SET site = $2, tags = $3, energy_role = $4, placed_by = $5 WHERE id = $1";
  /** A device's own placement never overrides a person's. */
  private static final String PLACE_BY_DEVICE = PLACE + " AND placed_by IS DISTINCT FROM 'user'";

  private final Pool pool;

  public SiteStore(Pool pool) {
    this.pool = pool;
  }

  /** {@code {"items": [{id, timeZone, tariff|null, devices}], "tags": [every tag in use]}}. */
  public Future<JsonObject> list() {
    Future<JsonArray> sites = pool.query(LIST).execute().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(toJson(row)));
      return out;
    });
    Future<JsonArray> tags = pool.query(TAGS).execute().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(row.getString("tag")));
      return out;
    });
    return Future.all(sites, tags).map(done -> new JsonObject().put("items", sites.result()).put("tags", tags.result()));
  }

  /** The site's time zone, empty when there is no such site. */
  public Future<java.util.Optional<String>> timeZone(String id) {
    return pool.preparedQuery(ZONE).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? java.util.Optional.<String>empty()
        : java.util.Optional.of(rows.iterator().next().getString("time_zone")));
  }

  /** Creates or replaces a site's time zone and tariff ({@code tariff} null: the settings' flat tariff). */
  public Future<JsonObject> put(String id, String timeZone, JsonObject tariff) {
    return pool.preparedQuery(UPSERT).execute(Tuple.of(id, timeZone, tariff))
        .compose(v -> list())
        .map(all -> all.getJsonArray("items").stream().map(JsonObject.class::cast)
            .filter(s -> s.getString("id").equals(id)).findFirst().orElseThrow());
  }

  /** Places a device as a person (dashboard or API) does; false when there is no such device. */
  public Future<Boolean> place(String deviceId, Placement placement) {
    return place(deviceId, placement, PLACE, "user");
  }

  /**
   * Places a device as its own {@code devices/{id}/meta} message says, unless a person placed it; false when
   * nothing changed (no such device yet, or placed by a person).
   */
  public Future<Boolean> placeAsDevice(String deviceId, Placement placement) {
    return place(deviceId, placement, PLACE_BY_DEVICE, "device");
  }

  private Future<Boolean> place(String deviceId, Placement placement, String sql, String by) {
    return pool.withTransaction(conn -> {
      Future<?> site = placement.site() == null ? Future.succeededFuture()
          : conn.preparedQuery(ENSURE).execute(Tuple.of(placement.site()));
      return site.compose(v -> conn.preparedQuery(sql).execute(Tuple.of(deviceId, placement.site(),
          placement.tags().toArray(new String[0]), placement.energyRole(), by)))
          .map(rows -> rows.rowCount() > 0);
    });
  }

  private static JsonObject toJson(Row row) {
    Object tariff = row.getValue("tariff");
    return new JsonObject().put("id", row.getString("id")).put("timeZone", row.getString("time_zone"))
        .put("tariff", tariff instanceof JsonObject json ? json : null).put("devices", row.getLong("devices"));
  }
}
