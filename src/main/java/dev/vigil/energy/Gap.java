package dev.vigil.energy;

/**
 * A stretch of a device's series without readings (epoch seconds, {@code [from, to)}). {@code kwh} is null
 * for a power series (nothing is counted in a gap) and, for an energy counter, the increase the counter
 * showed across it, spread evenly over the gap.
 */
public record Gap(long from, long to, Double kwh) {

  public long seconds() {
    return to - from;
  }
}
