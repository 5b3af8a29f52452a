package dev.vigil.ingest;

/**
 * The wire contract's rule for a metric name (docs/wire-contract.md), the one every stage checks against:
 * ingest for readings, and the API, rules, drift alerts and settings for the names they are given.
 */
public final class MetricNames {

  /** The rule in words, as error messages give it. */
  public static final String RULE = "[A-Za-z0-9_.-]{1,64}";
  public static final int MAX_LENGTH = 64;

  private MetricNames() {
  }

  /** Whether {@code name} is 1 to 64 of A-Z, a-z, 0-9, '_', '.' and '-'. */
  public static boolean valid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!TelemetryParser.isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
