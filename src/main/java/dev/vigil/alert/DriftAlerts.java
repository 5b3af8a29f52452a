package dev.vigil.alert;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Drift events ({@code {deviceId, metric, psi, ks, level}} on {@link dev.vigil.bus.Addresses#DRIFT}) to
 * drift alerts, one live alert per device and metric. Severity from the PSI warning levels: at least
 * 0.5 high, at least 0.25 medium, at least 0.1 low; an event with PSI below 0.1 means the metric is
 * back in line with the training window and clears the alert.
 */
public final class DriftAlerts {

  public static final double PSI_WARNING = 0.1;
  public static final double PSI_SIGNIFICANT = 0.25;
  public static final double PSI_SEVERE = 0.5;
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private DriftAlerts() {
  }

  /** The action a drift event calls for; empty when the event is malformed. */
  public static Optional<AlertJudge.Action> actionFor(JsonObject drift) {
    if (drift == null) {
      return Optional.empty();
    }
    String deviceId = drift.getValue("deviceId") instanceof String s ? s : null;
    String metric = drift.getValue("metric") instanceof String s ? s : null;
    Double psi = drift.getValue("psi") instanceof Number n ? n.doubleValue() : null;
    Double ks = drift.getValue("ks") instanceof Number n ? n.doubleValue() : null;
    if (deviceId == null || !DEVICE.matcher(deviceId).matches() || metric == null || !METRIC.matcher(metric).matches()
        || psi == null || !Double.isFinite(psi)) {
      return Optional.empty();
    }
    if (psi < PSI_WARNING) {
      return Optional.of(new AlertJudge.Clear(deviceId, Alert.DRIFT, metric));
    }
    Severity severity = psi >= PSI_SEVERE ? Severity.HIGH : psi >= PSI_SIGNIFICANT ? Severity.MEDIUM : Severity.LOW;
    double crossed = psi >= PSI_SEVERE ? PSI_SEVERE : psi >= PSI_SIGNIFICANT ? PSI_SIGNIFICANT : PSI_WARNING;
    String message = String.format(Locale.ROOT, "%s drifted from its training window (PSI %.3f%s)", metric, psi,
        ks == null ? "" : String.format(Locale.ROOT, ", KS %.3f", ks));
    return Optional.of(new AlertJudge.Raise(new NewAlert(deviceId, Alert.DRIFT, metric, null, severity, message, psi,
        crossed, ks, null)));
  }
}
