package dev.vigil.alert;

import java.util.Locale;
import java.util.Optional;

/**
 * Alert severities, lowest first; {@link #wire()} is the lowercase name used in the database, JSON and
 * config. {@link #fromScore(double)} is the single place where a calibrated anomaly score becomes a
 * severity.
 */
public enum Severity {
  LOW, MEDIUM, HIGH, CRITICAL;

  /** Calibrated scores at or above these bounds map to medium, high and critical. */
  public static final double MEDIUM_FROM = 0.95;
  public static final double HIGH_FROM = 0.98;
  public static final double CRITICAL_FROM = 0.995;

  /**
   * Severity of an anomaly with calibrated score {@code score} in [0, 1]: below 0.95 low, below 0.98
   * medium, below 0.995 high, else critical. The calibrated score is {@code 1 - exp(-surprise / 1.8)}
   * where surprise is {@code -log10} of the reading's tail probability under the device's own score
   * distribution (docs/detection.md): 0.95 is p ~ 1e-5.4, 0.98 ~ 1e-7, 0.995 ~ 1e-9.5, the same
   * rarity for every device. Monotonic in the score.
   */
  public static Severity fromScore(double score) {
    if (score >= CRITICAL_FROM) {
      return CRITICAL;
    }
    if (score >= HIGH_FROM) {
      return HIGH;
    }
    return score >= MEDIUM_FROM ? MEDIUM : LOW;
  }

  /** The lowercase name: low, medium, high, critical. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a lowercase (or any case) severity name. */
  public static Optional<Severity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(text.trim())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The more severe of two. */
  public static Severity max(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
