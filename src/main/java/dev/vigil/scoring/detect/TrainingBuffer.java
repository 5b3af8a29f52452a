package dev.vigil.scoring.detect;

import java.time.Instant;

/** A ring of the latest normal readings' features and values, the material for (re)training. */
final class TrainingBuffer {

  private final double[][] features;
  private final double[][] values;
  private final long[] times;
  private int count;
  private int next;

  TrainingBuffer(int capacity, int featureWidth, int metricCount) {
    features = new double[capacity][featureWidth];
    values = new double[capacity][metricCount];
    times = new long[capacity];
  }

  void add(double[] featureRow, double[] valueRow, Instant ts) {
    System.arraycopy(featureRow, 0, features[next], 0, featureRow.length);
    System.arraycopy(valueRow, 0, values[next], 0, valueRow.length);
    times[next] = ts.toEpochMilli();
    next = (next + 1) % features.length;
    count = Math.min(count + 1, features.length);
  }

  int size() {
    return count;
  }

  /** Copies the buffer, oldest first, into a job. */
  TrainingJob snapshot(String key, String[] metrics) {
    double[][] f = new double[count][];
    double[][] v = new double[count][];
    int start = count < features.length ? 0 : next;
    for (int i = 0; i < count; i++) {
      int slot = (start + i) % features.length;
      f[i] = features[slot].clone();
      v[i] = values[slot].clone();
    }
    Instant from = Instant.ofEpochMilli(times[start % features.length]);
    Instant to = Instant.ofEpochMilli(times[(start + count - 1) % features.length]);
    return new TrainingJob(key, metrics.clone(), f, v, from, to);
  }
}
