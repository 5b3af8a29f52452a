package dev.vigil.scoring.drift;

import java.util.Locale;

/**
 * How far a drifted metric is from its normal range, in units of that range's width: what a person
 * should do about it (docs/alerts.md). Up to 0.6 beyond: low (look at the next visit); up to 1.2:
 * medium (look today); more: high (look now: the sensor or the process has changed).
 */
public enum DriftSeverity {
  LOW, MEDIUM, HIGH;

  public static final double MEDIUM_FROM = 0.6;
  public static final double HIGH_FROM = 1.2;

  public static DriftSeverity of(double beyond) {
    if (beyond > HIGH_FROM) {
      return HIGH;
    }
    return beyond > MEDIUM_FROM ? MEDIUM : LOW;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
