package dev.vigil.sim;

import java.util.Locale;

/** The faults a simulated device can inject; the label file names them in lower case. */
public enum AnomalyKind {
  SPIKE, DROP, STUCK, DRIFT, NOISE_BURST, SILENT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AnomalyKind fromLabel(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }
}
