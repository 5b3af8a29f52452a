package dev.vigil.energy;

/**
 * A device's energy on a grid of 15-minute slots aligned on the Unix epoch (so on the quarter hours of every
 * time zone): per slot the kWh and the seconds covered by readings, over {@code [from, to)}. Energy added
 * over an interval is spread evenly over it and clipped to the range.
 */
public final class Slots {

  public static final long SLOT = 900;

  private final long from;
  private final long to;
  private final long first;
  private final double[] kwh;
  private final double[] covered;

  public Slots(long from, long to) {
    this.from = from;
    this.to = to;
    this.first = Math.floorDiv(from, SLOT) * SLOT;
    int n = (int) ((to - first + SLOT - 1) / SLOT);
    this.kwh = new double[n];
    this.covered = new double[n];
  }

  /** Adds {@code energy} kWh spread evenly over {@code [t0, t1)}; counts the time as covered when {@code cover}. */
  void add(long t0, long t1, double energy, boolean cover) {
    if (t1 <= t0) {
      return;
    }
    double perSecond = energy / (t1 - t0);
    long a = Math.max(t0, from);
    long b = Math.min(t1, to);
    while (a < b) {
      int i = (int) ((a - first) / SLOT);
      long end = Math.min(b, first + (i + 1) * SLOT);
      kwh[i] += perSecond * (end - a);
      if (cover) {
        covered[i] += end - a;
      }
      a = end;
    }
  }

  /** Adds a constant power of {@code watts} over {@code [t0, t1)}, covered. */
  void addPower(long t0, long t1, double watts) {
    add(t0, t1, watts * (t1 - t0) / 3.6e6, true);
  }

  public int size() {
    return kwh.length;
  }

  /** Start of slot {@code i}, epoch seconds (the first may start before {@code from}). */
  public long start(int i) {
    return first + i * SLOT;
  }

  public double kwh(int i) {
    return kwh[i];
  }

  public double coveredSeconds(int i) {
    return covered[i];
  }

  /** Mean power in kW over the covered part of slot {@code i}; NaN when less than a third of it was covered. */
  public double meanKw(int i) {
    return covered[i] * 3 < SLOT ? Double.NaN : kwh[i] * 3600 / covered[i];
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }
}
