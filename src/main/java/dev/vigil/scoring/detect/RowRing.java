package dev.vigil.scoring.detect;

/**
 * The last {@code capacity} rows of a device's readings, oldest dropped first: the joint model's memory.
 * A row's array is made when the ring first reaches it, so a device that sends a few readings and goes
 * (a flood of new ids) holds a few rows, not three rings' full capacity.
 */
final class RowRing {

  private final double[][] rows;
  private final int metrics;
  private int kept;
  private int next;

  RowRing(int capacity, int metrics) {
    this.rows = new double[capacity][];
    this.metrics = metrics;
  }

  void add(double[] values) {
    System.arraycopy(values, 0, row(next), 0, values.length);
    next = (next + 1) % rows.length;
    kept = Math.min(kept + 1, rows.length);
  }

  int kept() {
    return kept;
  }

  boolean full() {
    return kept == rows.length;
  }

  /** Copies of the rows kept, oldest first. */
  double[][] oldestFirst() {
    double[][] out = new double[kept][];
    int oldest = full() ? next : 0;
    for (int r = 0; r < kept; r++) {
      out[r] = rows[(oldest + r) % rows.length].clone();
    }
    return out;
  }

  /** Takes another ring's rows (of the same capacity), which must be full, as its own. */
  void replaceWith(RowRing other) {
    double[][] theirs = other.oldestFirst();
    for (int r = 0; r < theirs.length; r++) {
      System.arraycopy(theirs[r], 0, row(r), 0, theirs[r].length);
    }
    next = theirs.length % rows.length;
    kept = theirs.length;
  }

  /** Rows the ring holds arrays for (at most its capacity). */
  int allocated() {
    int n = 0;
    for (double[] row : rows) {
      n += row == null ? 0 : 1;
    }
    return n;
  }

  private double[] row(int i) {
    if (rows[i] == null) {
      rows[i] = new double[metrics];
    }
    return rows[i];
  }
}
