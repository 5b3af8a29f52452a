package dev.vigil.scoring;

import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.registry.ModelRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers a lane's trained models and, when a database is there, records them in the registry.
 * The version is decided here, at once, so that the model can be installed before the next reading
 * is scored; the registry writes of one detector follow one another in the background, each with the
 * version already installed, so a slow write never reorders or delays scoring. Not thread-safe:
 * owned by its lane.
 */
final class ModelKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(ModelKeeper.class);

  private final ModelRegistry registry;
  private final Map<String, Integer> versions = new HashMap<>();
  private final Map<String, Future<Void>> writes = new HashMap<>();

  ModelKeeper(Pool pool) {
    this.registry = pool == null ? null : new ModelRegistry(pool);
  }

  /** The next version of the job's detector (counting up from the last one known), recorded in order. */
  int register(TrainingJob job, SvmModel model) {
    String key = job.detectorKey();
    int version = versions.merge(key, 1, Integer::sum);
    if (registry != null) {
      Future<Void> write = writes.getOrDefault(key, Future.succeededFuture())
          .transform(previous -> registry.save(job, model, version))
          .onFailure(err -> LOG.warn("model not recorded deviceKey={} version={}", key, version, err))
          .mapEmpty();
      writes.put(key, write);
      write.onComplete(done -> writes.remove(key, write));
    }
    return version;
  }

  /** A model reloaded from the registry: new versions continue after it. */
  void restored(String detectorKey, int version) {
    versions.merge(detectorKey, version, Math::max);
  }

  ModelRegistry registry() {
    return registry;
  }
}
