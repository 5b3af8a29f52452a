package dev.vigil.scoring.drift;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Writes drift reports: one batched prepared statement per check. */
public final class DriftStore {

  private static final String INSERT = """
      INSERT INTO drift_reports (device_id, detector_key, metric, model_version, psi, ks, level, reference_rows,
                                 recent_rows)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

  private final Pool pool;

  public DriftStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> save(List<DriftReport> reports) {
    List<Tuple> batch = new ArrayList<>(reports.size());
    for (DriftReport r : reports) {
      batch.add(Tuple.of(r.deviceId(), r.detectorKey(), r.metric(), r.modelVersion(), r.psi(), r.ks(),
          r.level().label(), r.referenceRows()).addInteger(r.recentRows()));
    }
    return pool.preparedQuery(INSERT).executeBatch(batch).mapEmpty();
  }
}
