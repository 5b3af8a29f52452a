package dev.vigil.alert;

import dev.vigil.ingest.MetricNames;
import dev.vigil.scoring.drift.DriftAlarm;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Drift events ({@link dev.vigil.scoring.drift.DriftEvents} on {@link dev.vigil.bus.Addresses#DRIFT})
 * to drift alerts: at most one live alert per device and metric. {@code open} raises it, each
 * {@code update} (one per {@link DriftAlarm#BUCKET} while the drift lasts) repeats it with the latest
 * level, {@code clear} clears it. Severity is the alarm's: how far the metric sits outside its
 * normal range, in units of that range's width (docs/alerts.md says what to do at each level).
 * The alert's value is the metric's recent mean, its threshold the edge of the normal range it
 * crossed, its score how far beyond that edge (in range widths); its explanation the one metric,
 * with the normal range and the drift's {@code since} and latest {@code at} (device time).
 */
public final class DriftAlerts {

  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private DriftAlerts() {
  }

  /** The action a drift event calls for; empty when the event is malformed. */
  public static Optional<AlertJudge.Action> actionFor(JsonObject drift) {
    if (drift == null) {
      return Optional.empty();
    }
    String deviceId = text(drift, "deviceId");
    String metric = text(drift, "metric");
    String change = text(drift, "change");
    if (deviceId == null || !DEVICE.matcher(deviceId).matches() || !MetricNames.valid(metric)
        || change == null) {
      return Optional.empty();
    }
    if (change.equals("clear")) {
      return Optional.of(new AlertJudge.Clear(deviceId, Alert.DRIFT, metric));
    }
    Optional<Severity> severity = Severity.parse(text(drift, "severity"));
    Double mean = number(drift, "mean");
    Double low = number(drift, "low");
    Double high = number(drift, "high");
    Double beyond = number(drift, "beyond");
    Instant since = instant(text(drift, "since"));
    if (!(change.equals("open") || change.equals("update")) || severity.isEmpty() || mean == null || low == null
        || high == null || beyond == null || since == null) {
      return Optional.empty();
    }
    boolean above = mean > high;
    String message = String.format(Locale.ROOT,
        "%s has stayed %s its normal range (%s to %s) since %s: %s over the last %d min, %s of the range's width "
            + "beyond it", metric, above ? "above" : "below", Digits.text(low), Digits.text(high), since,
        Digits.text(mean), DriftAlarm.BUCKET.toMinutes(), Digits.text(beyond));
    String at = text(drift, "at");
    JsonArray explanation = new JsonArray().add(new JsonObject().put("metric", metric).put("value", mean)
        .put("expectedLow", low).put("expectedHigh", high).put("share", 1.0).put("since", since.toString())
        .put("at", instant(at) == null ? since.toString() : at));
    return Optional.of(new AlertJudge.Raise(new NewAlert(deviceId, Alert.DRIFT, metric, null, severity.get(), message,
        mean, above ? high : low, beyond, explanation)));
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s ? s : null;
  }

  private static Double number(JsonObject json, String key) {
    return json.getValue(key) instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
