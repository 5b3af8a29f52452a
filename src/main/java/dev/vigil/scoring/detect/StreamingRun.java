package dev.vigil.scoring.detect;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.DetectorPool;
import dev.vigil.scoring.DetectorStep;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Replays a series through one {@link DeviceDetector} a row at a time through {@link DetectorStep},
 * the deterministic step the server's scoring lane runs for every reading. Used by the evaluations, so that what is measured is the server's detector.
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
    // The detector sees the metrics in the server's order (DetectorPool sorts them): sums over metrics
    // then round the same way, so the scores are the server's to the last bit.
    List<String> sorted = new ArrayList<>(new TreeSet<>(metrics));
    this.detector = new DeviceDetector(DetectorPool.keyOf(deviceId, sorted), sorted, settings);
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
    // The very step the scoring lane runs: score, start a fit when asked, install a due model, retrain on
    // drift. Fitting in place changes no verdict: a model is installed at a fixed reading, however fitted.
    return DetectorStep.next(detector, new Reading(deviceId, ts, 0, byMetric, ts), DetectorStep.Trainer.IN_PLACE,
        (job, model) -> ++version).scored();
  }
}
