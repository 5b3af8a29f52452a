package dev.vigil.scoring.detect;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a series through one {@link DeviceDetector} a row at a time, training inline whenever the
 * detector asks and retraining on significant drift: the deterministic path the server's scoring lane
 * runs too. Used by the evaluations, so that what is measured is the server's detector.
 */
public final class StreamingRun {

  private final DeviceDetector detector;
  private final String deviceId;
  private final String[] metrics;
  private int version;

  public StreamingRun(String deviceId, String metric, DetectorSettings settings) {
    this(deviceId, List.of(metric), settings);
  }

  public StreamingRun(String deviceId, List<String> metrics, DetectorSettings settings) {
    this.deviceId = deviceId;
    this.metrics = metrics.toArray(String[]::new);
    this.detector = new DeviceDetector(deviceId + "|" + String.join(",", metrics), metrics, settings);
  }

  /** Scores the next row of a single-metric series and returns the whole verdict. */
  public ScoredReading next(Instant ts, double value) {
    return next(ts, new double[] {value});
  }

  /** Scores the next row, one value per metric in the order given at construction. */
  public ScoredReading next(Instant ts, double[] values) {
    Map<String, Double> byMetric = new HashMap<>(metrics.length * 2);
    for (int i = 0; i < metrics.length; i++) {
      byMetric.put(metrics[i], values[i]);
    }
    ScoredReading scored = detector.score(new Reading(deviceId, ts, 0, byMetric, ts));
    detector.trainingDue().ifPresent(job -> detector.install(job.train(), ++version, job.valuesByMetric()));
    // as the lane does: significant drift asks for a retrain
    if (detector.driftReports().stream().anyMatch(r -> r.level().callsForRetrain())) {
      detector.requestRetrain();
    }
    return scored;
  }
}
