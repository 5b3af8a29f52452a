package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.ModelInTraining;
import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.drift.DriftReport;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a detector for one reading, in this order: score it; if the detector asks for a
 * model, start fitting it with the {@link Trainer}; if a model is due, install it, waiting for its fit if
 * it has not ended (a first model and a retrain drift asked for are due at once, a scheduled retrain
 * {@link DeviceDetector#INSTALL_AFTER} readings after the detector asked); if the reading's drift check
 * found significant drift, ask for a retrain at the next reading. The scoring lane and the evaluations
 * ({@link dev.vigil.scoring.detect.StreamingRun}) both run exactly this, so that what the server decides
 * is what {@code vigil evaluate} measures, reading for reading, wherever and however fast each of them
 * fits its models.
 */
public final class DetectorStep {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorStep.class);

  /**
   * Gives a freshly trained model its version at once (recording it may go on in the background,
   * as long as nothing waits for it). Called on the detector's thread.
   */
  @FunctionalInterface
  public interface Versions {
    int assign(TrainingJob job, SvmModel model);
  }

  /** Starts fitting a job's model somewhere; the step waits for it only when the model is due. */
  @FunctionalInterface
  public interface Trainer {

    CompletableFuture<SvmModel> fit(TrainingJob job);

    /** Fits on the caller's thread, at once: the evaluations, where nothing else waits. */
    Trainer IN_PLACE = job -> CompletableFuture.supplyAsync(job::train, Runnable::run);
  }

  /** One reading's verdict and the drift reports its check produced (usually none). */
  public record Outcome(ScoredReading scored, List<DriftReport> drift) {
  }

  private DetectorStep() {
  }

  public static Outcome next(DeviceDetector detector, Reading reading, Trainer trainer, Versions versions) {
    ScoredReading scored = detector.score(reading);
    detector.trainingDue().ifPresent(job -> detector.fitting(new ModelInTraining(job, start(trainer, job))));
    detector.modelDue().ifPresent(fit -> install(detector, fit, versions));
    List<DriftReport> drift = detector.driftReports();
    if (drift.stream().anyMatch(r -> r.level().callsForRetrain())) {
      detector.requestRetrain();
    }
    return new Outcome(scored, drift);
  }

  /** A trainer that refuses the job (its pool shut down) fails this fit only: the detector may ask again. */
  private static CompletableFuture<SvmModel> start(Trainer trainer, TrainingJob job) {
    try {
      return trainer.fit(job);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A model that could not be trained leaves the old one in place; the detector may ask again later. */
  private static void install(DeviceDetector detector, ModelInTraining fit, Versions versions) {
    SvmModel model;
    try {
      model = fit.model().join();
    } catch (CompletionException | CancellationException e) {
      detector.trainingFailed();
      LOG.warn("training failed deviceKey={}", detector.key(), e.getCause() == null ? e : e.getCause());
      return;
    }
    TrainingJob job = fit.job();
    int version = versions.assign(job, model);
    detector.install(model, version, job.valuesByMetric());
    LOG.debug("model installed deviceKey={} version={} supportVectors={} rows={}", detector.key(), version,
        model.supportVectors(), job.features().length);
  }
}
