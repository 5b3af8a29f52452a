package dev.vigil.scoring;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Read side of drift reports for the web API ({@code GET /api/drift}). */
public final class DriftQueries {

  private static final String LATEST = """
      SELECT device_id, detector_key, metric, model_version, psi, ks, level, reference_rows, recent_rows, created_at
        FROM drift_reports WHERE $2::text IS NULL OR device_id = $2 ORDER BY created_at DESC, id DESC LIMIT $1""";

  private final Pool pool;

  public DriftQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * The newest reports, newest first, of one device or (deviceId null) of the fleet: deviceId, detectorKey, metric,
   * modelVersion, psi, ks, level, referenceRows, recentRows, createdAt.
   */
  public Future<JsonArray> latest(String deviceId, int limit) {
    return pool.preparedQuery(LATEST).execute(Tuple.of(Math.max(1, Math.min(limit, 1000)), deviceId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        out.add(new JsonObject()
            .put("deviceId", row.getString("device_id"))
            .put("detectorKey", row.getString("detector_key"))
            .put("metric", row.getString("metric"))
            .put("modelVersion", row.getInteger("model_version"))
            .put("psi", row.getDouble("psi"))
            .put("ks", row.getDouble("ks"))
            .put("level", row.getString("level"))
            .put("referenceRows", row.getInteger("reference_rows"))
            .put("recentRows", row.getInteger("recent_rows"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString()));
      }
      return out;
    });
  }
}
