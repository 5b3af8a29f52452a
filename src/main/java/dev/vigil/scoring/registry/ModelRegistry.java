package dev.vigil.scoring.registry;

import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Optional;

/** The models table: every trained version of every detector, with Tribuo provenance and bytes. */
public final class ModelRegistry {

  /** Reference values per metric kept with a model, for drift reports after a restart. */
  static final int REFERENCE_SAMPLE = 400;

  private static final String INSERT = """
      INSERT INTO models (device_id, detector_key, metrics, version, algorithm, provenance, train_from, train_to,
                          training_rows, training_metrics, model)
      SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10
        FROM models WHERE detector_key = $2
      RETURNING version""";
  /** The same with the version decided by the lane (it installed the model under it already). */
  private static final String INSERT_VERSION = """
      INSERT INTO models (device_id, detector_key, metrics, version, algorithm, provenance, train_from, train_to,
                          training_rows, training_metrics, model)
      VALUES ($1, $2, $3, $11, $4, $5, $6, $7, $8, $9, $10)
      ON CONFLICT (detector_key, version) DO NOTHING""";
  private static final String LATEST = """
      SELECT version, metrics, training_metrics, model FROM models
       WHERE detector_key = $1 ORDER BY version DESC LIMIT 1""";

  private final Pool pool;

  public ModelRegistry(Pool pool) {
    this.pool = pool;
  }

  /** Stores a trained model; the reply is its version. */
  public Future<Integer> save(TrainingJob job, SvmModel model) {
    return pool.preparedQuery(INSERT).execute(params(job, model))
        .map(rows -> rows.iterator().next().getInteger("version"));
  }

  /**
   * Stores a trained model under the version it was installed with. A version already stored for the
   * detector (e.g. written by the member that owned the device before) is left as it is.
   */
  public Future<Void> save(TrainingJob job, SvmModel model, int version) {
    return pool.preparedQuery(INSERT_VERSION).execute(params(job, model).addInteger(version)).mapEmpty();
  }

  private static Tuple params(TrainingJob job, SvmModel model) {
    String deviceId = job.detectorKey().substring(0, job.detectorKey().indexOf('|'));
    Tuple params = Tuple.of(deviceId, job.detectorKey(), job.metrics(), "tribuo-libsvm-one-class-svm",
        model.provenance(), job.from().atOffset(ZoneOffset.UTC), job.to().atOffset(ZoneOffset.UTC))
        .addInteger(job.features().length)
        .addValue(trainingMetrics(job, model))
        .addBuffer(Buffer.buffer(model.toBytes()));
    return params;
  }

  /** The newest model of a detector, if any. */
  public Future<Optional<StoredModel>> latest(String detectorKey) {
    return pool.preparedQuery(LATEST).execute(Tuple.of(detectorKey)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      String[] metrics = row.getArrayOfStrings("metrics");
      JsonObject training = row.getJsonObject("training_metrics");
      SvmModel model = SvmModel.fromBytes(row.getBuffer("model").getBytes(), training.getInteger("features"));
      return Optional.of(new StoredModel(row.getInteger("version"), metrics, training, model));
    });
  }

  /** A model read back from the registry. */
  public record StoredModel(int version, String[] metrics, JsonObject trainingMetrics, SvmModel model) {

    /** The training window's values of metric {@code m} (a sample), the drift reference. */
    public double[] reference(int m) {
      JsonArray values = trainingMetrics.getJsonObject("reference").getJsonArray(metrics[m]);
      double[] out = new double[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.getDouble(i);
      }
      return out;
    }
  }

  static JsonObject trainingMetrics(TrainingJob job, SvmModel model) {
    JsonObject reference = new JsonObject();
    int rows = job.values().length;
    int step = Math.max(1, rows / REFERENCE_SAMPLE);
    for (int m = 0; m < job.metrics().length; m++) {
      JsonArray sample = new JsonArray();
      for (int i = 0; i < rows; i += step) {
        sample.add(job.values()[i][m]);
      }
      reference.put(job.metrics()[m], sample);
    }
    return new JsonObject()
        .put("rows", rows)
        .put("features", job.features()[0].length)
        .put("supportVectors", model.supportVectors())
        .put("reference", reference);
  }
}
