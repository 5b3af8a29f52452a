package dev.vigil.scoring.drift;

import java.util.Locale;

/** Drift warning levels from the PSI: below 0.1 none, 0.1 warning, 0.25 significant, 0.5 severe. */
public enum DriftLevel {
  NONE, WARNING, SIGNIFICANT, SEVERE;

  public static DriftLevel of(double psi) {
    if (psi >= 0.5) {
      return SEVERE;
    }
    if (psi >= 0.25) {
      return SIGNIFICANT;
    }
    return psi >= 0.1 ? WARNING : NONE;
  }

  /** Significant or severe drift: the model no longer describes the data, retrain it. */
  public boolean callsForRetrain() {
    return this == SIGNIFICANT || this == SEVERE;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
