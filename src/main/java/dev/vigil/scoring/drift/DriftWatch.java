package dev.vigil.scoring.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares each metric's recent values with the training window of the live model, every
 * {@link #CHECK_EVERY} readings. Not thread-safe: lives with its detector on one lane.
 */
public final class DriftWatch {

  public static final int RECENT = 500;
  public static final int CHECK_EVERY = 500;

  private final String deviceId;
  private final String detectorKey;
  private final String[] metrics;
  /** Each metric's training window, sorted and binned once: the model's every check compares against it. */
  private final DriftMetrics.Reference[] references;
  private final double[][] recent;
  private final int modelVersion;
  private int count;
  private int next;
  private int sinceCheck;

  /** @param reference per metric, the training window's values */
  public DriftWatch(String detectorKey, String[] metrics, double[][] reference, int modelVersion) {
    this.deviceId = detectorKey.substring(0, Math.max(0, detectorKey.indexOf('|')));
    this.detectorKey = detectorKey;
    this.metrics = metrics;
    this.references = new DriftMetrics.Reference[metrics.length];
    for (int m = 0; m < metrics.length; m++) {
      references[m] = DriftMetrics.reference(reference[m]);
    }
    this.modelVersion = modelVersion;
    this.recent = new double[metrics.length][RECENT];
  }

  /** Records one reading's values (in metric order); returns reports when a check is due, else empty. */
  public List<DriftReport> observe(double[] values) {
    for (int m = 0; m < metrics.length; m++) {
      recent[m][next] = values[m];
    }
    next = (next + 1) % RECENT;
    count = Math.min(count + 1, RECENT);
    if (++sinceCheck < CHECK_EVERY || count < RECENT) {
      return List.of();
    }
    sinceCheck = 0;
    List<DriftReport> reports = new ArrayList<>(metrics.length);
    for (int m = 0; m < metrics.length; m++) {
      double psi = DriftMetrics.psi(references[m], recent[m]);
      double ks = DriftMetrics.ks(references[m], recent[m]);
      reports.add(new DriftReport(deviceId, detectorKey, metrics[m], modelVersion, psi, ks, DriftLevel.of(psi),
          references[m].sorted().length, count));
    }
    return reports;
  }
}
