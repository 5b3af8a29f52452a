package dev.vigil.scoring.detect;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Replays a series through one {@link DeviceDetector} a row at a time, training inline whenever the
 * detector asks and retraining on significant drift, as the server does (it trains the same jobs off
 * its lane instead, so its model swaps land a few readings later). Used by the evaluations, so
 * that what is measured is the server's detector.
 */
public final class StreamingRun {

  private final DeviceDetector detector;
  private final String deviceId;
  private final String metric;
  private int version;

  public StreamingRun(String deviceId, String metric, DetectorSettings settings) {
    this.deviceId = deviceId;
    this.metric = metric;
    this.detector = new DeviceDetector(deviceId + "|" + metric, List.of(metric), settings);
  }

  /** Scores the next row and returns the whole verdict. */
  public ScoredReading next(Instant ts, double value) {
    ScoredReading scored = detector.score(new Reading(deviceId, ts, 0, Map.of(metric, value), ts));
    detector.trainingDue().ifPresent(job -> detector.install(job.train(), ++version, job.valuesByMetric()));
    // as the lane does: significant drift asks for a retrain
    if (detector.driftReports().stream().anyMatch(r -> r.level().callsForRetrain())) {
      detector.requestRetrain();
    }
    return scored;
  }
}
