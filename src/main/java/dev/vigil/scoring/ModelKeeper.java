package dev.vigil.scoring;

import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.registry.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;

/** Numbers trained models and, when a database is there, records them in the registry. */
final class ModelKeeper {

  private final ModelRegistry registry;
  private final Map<String, Integer> localVersions = new HashMap<>();

  ModelKeeper(Pool pool) {
    this.registry = pool == null ? null : new ModelRegistry(pool);
  }

  /** Saves the model and returns its version (per detector, counting up from 1). */
  Future<Integer> register(TrainingJob job, SvmModel model) {
    if (registry == null) {
      return Future.succeededFuture(localVersions.merge(job.detectorKey(), 1, Integer::sum));
    }
    return registry.save(job, model);
  }

  ModelRegistry registry() {
    return registry;
  }
}
