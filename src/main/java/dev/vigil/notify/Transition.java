package dev.vigil.notify;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * What an alert did that a person should hear about (a row of {@code alert_transitions}): it opened,
 * escalated to a higher severity, or cleared; {@code alert} is the alert as it was then.
 *
 * @param event opened, escalated, cleared (or test for a channel's test message)
 */
public record Transition(long id, String event, Severity severity, Alert alert) {

  public static final String OPENED = "opened";
  public static final String ESCALATED = "escalated";
  public static final String CLEARED = "cleared";
  public static final String TEST = "test";

  /** The alert row as PostgreSQL's {@code to_jsonb} wrote it (snake_case columns, timestamps with offset). */
  static Alert alertFromRow(JsonObject row) {
    Object explanation = row.getValue("explanation");
    return new Alert(row.getLong("id"), row.getString("device_id"), row.getString("kind"), row.getString("metric"),
        row.getLong("rule_id"), row.getString("severity"), row.getString("state"), row.getString("message"),
        row.getDouble("value"), row.getDouble("threshold"), row.getDouble("score"),
        explanation instanceof JsonArray a ? a : new JsonArray(), row.getInteger("occurrences", 1),
        instant(row, "opened_at"), instant(row, "updated_at"), instant(row, "acked_at"), instant(row, "cleared_at"));
  }

  /** A made-up alert for a channel's "send test". */
  static Transition test(String channelName) {
    Instant now = Instant.now();
    Alert alert = new Alert(0, "test-device", Alert.THRESHOLD, "power_w", null, Severity.HIGH.wire(), Alert.OPEN,
        "Test notification from Vigil for channel '" + channelName + "': power_w 3500 > 3000", 3500.0, 3000.0, null,
        null, 1, now, now, null, null);
    return new Transition(0, TEST, Severity.HIGH, alert);
  }

  private static Instant instant(JsonObject row, String column) {
    String text = row.getString(column);
    return text == null ? null : OffsetDateTime.parse(text).toInstant();
  }
}
