package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import dev.vigil.scoring.drift.DriftReport;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a detector for one reading, in this order: score it; if the detector asks for a
 * model, train it here and install it before anything else is scored; if the reading's drift check
 * found significant drift, ask for a retrain at the next reading. The scoring lane and the
 * evaluations ({@link dev.vigil.scoring.detect.StreamingRun}) both run exactly this, so that what
 * the server decides is what {@code vigil evaluate} measures, reading for reading.
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

  /** One reading's verdict and the drift reports its check produced (usually none). */
  public record Outcome(ScoredReading scored, List<DriftReport> drift) {
  }

  private DetectorStep() {
  }

  public static Outcome next(DeviceDetector detector, Reading reading, Versions versions) {
    ScoredReading scored = detector.score(reading);
    detector.trainingDue().ifPresent(job -> trainAndInstall(detector, job, versions));
    List<DriftReport> drift = detector.driftReports();
    if (drift.stream().anyMatch(r -> r.level().callsForRetrain())) {
      detector.requestRetrain();
    }
    return new Outcome(scored, drift);
  }

  /** A model that cannot be trained leaves the old one in place; the detector may ask again later. */
  private static void trainAndInstall(DeviceDetector detector, TrainingJob job, Versions versions) {
    SvmModel model;
    try {
      model = job.train();
    } catch (RuntimeException e) {
      detector.trainingFailed();
      LOG.warn("training failed deviceKey={}", detector.key(), e);
      return;
    }
    int version = versions.assign(job, model);
    detector.install(model, version, job.valuesByMetric());
    LOG.debug("model installed deviceKey={} version={} supportVectors={} rows={}", detector.key(), version,
        model.supportVectors(), job.features().length);
  }
}
