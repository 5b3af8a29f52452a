package dev.vigil.scoring;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Read side of the model registry for the web API: a device's model versions, newest first. */
public final class ModelQueries {

  private static final String FOR_DEVICE = """
      SELECT detector_key, metrics, version, algorithm, provenance, train_from, train_to, training_rows,
             training_metrics - 'reference' AS training_metrics, created_at
        FROM models WHERE device_id = $1 ORDER BY created_at DESC, version DESC LIMIT 100""";

  private final Pool pool;

  public ModelQueries(Pool pool) {
    this.pool = pool;
  }

  /** JSON objects: detectorKey, metrics, version, algorithm, provenance, trainFrom, trainTo, trainingRows, trainingMetrics, createdAt. */
  public Future<JsonArray> forDevice(String deviceId) {
    return pool.preparedQuery(FOR_DEVICE).execute(Tuple.of(deviceId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        out.add(new JsonObject()
            .put("detectorKey", row.getString("detector_key"))
            .put("metrics", new JsonArray(java.util.List.of(row.getArrayOfStrings("metrics"))))
            .put("version", row.getInteger("version"))
            .put("algorithm", row.getString("algorithm"))
            .put("provenance", row.getString("provenance"))
            .put("trainFrom", row.getOffsetDateTime("train_from").toInstant().toString())
            .put("trainTo", row.getOffsetDateTime("train_to").toInstant().toString())
            .put("trainingRows", row.getInteger("training_rows"))
            .put("trainingMetrics", row.getJsonObject("training_metrics"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString()));
      }
      return out;
    });
  }
}
