package dev.vigil.bench;

/**
 * When each reading of a paced run falls due: the devices take turns, reading {@code k} of device
 * {@code d} (of {@code n}) is due {@code (k * n + d) / rate} seconds after the start. Computed from the
 * start, never from a rounded period, so a run offers exactly the requested rate at any rate and any
 * number of devices (a device is not capped at one reading per millisecond).
 */
record RateSchedule(double readingsPerSecond, int devices) {

  RateSchedule {
    if (!(readingsPerSecond > 0) || devices < 1) {
      throw new IllegalArgumentException("rate must be > 0 and devices >= 1, were " + readingsPerSecond + ", " + devices);
    }
  }

  /** Nanoseconds after the start at which reading {@code k} of device {@code d} is due. */
  long dueNanos(int device, long k) {
    return (long) Math.ceil((k * (double) devices + device) * 1e9 / readingsPerSecond);
  }

  /** How many readings of device {@code d} are due once {@code elapsedNanos} have passed (readings 0 to n-1). */
  long dueBy(int device, long elapsedNanos) {
    double slots = elapsedNanos * readingsPerSecond / 1e9;
    if (slots < device) {
      return 0;
    }
    long k = (long) Math.floor((slots - device) / devices) + 1;
    // Floating-point edges: make the answer agree with dueNanos exactly.
    while (k > 0 && dueNanos(device, k - 1) > elapsedNanos) {
      k--;
    }
    while (dueNanos(device, k) <= elapsedNanos) {
      k++;
    }
    return k;
  }

  /** Readings due from all devices once {@code elapsedNanos} have passed. */
  long totalDueBy(long elapsedNanos) {
    long total = 0;
    for (int d = 0; d < devices; d++) {
      total += dueBy(d, elapsedNanos);
    }
    return total;
  }
}
