package dev.vigil.notify;

import dev.vigil.alert.Alert;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The words of a notification, the same on every channel: a one-line {@link #title()} and a few lines
 * of {@link #body()}; {@link #document()} is the generic webhook's JSON.
 */
public record Message(Transition transition, long deliveryId, String dashboardUrl) {

  /** e.g. "[Vigil] HIGH opened: pump-1 power_w" or "[Vigil] cleared: pump-1 power_w". */
  public String title() {
    Alert a = transition.alert();
    String what = switch (transition.event()) {
      case Transition.CLEARED -> "cleared";
      case Transition.ESCALATED -> "escalated to " + transition.severity().wire().toUpperCase(Locale.ROOT);
      case Transition.TEST -> "test";
      default -> transition.severity().wire().toUpperCase(Locale.ROOT) + " " + a.kind() + " alert";
    };
    String subject = a.deviceId() + (a.metric().isEmpty() ? "" : " " + a.metric());
    return "[Vigil] " + what + ": " + subject;
  }

  public String body() {
    Alert a = transition.alert();
    StringBuilder text = new StringBuilder(a.message()).append('\n').append('\n')
        .append("Device: ").append(a.deviceId()).append('\n')
        .append("Kind: ").append(a.kind()).append(a.metric().isEmpty() ? "" : " (" + a.metric() + ")").append('\n')
        .append("Severity: ").append(transition.severity().wire()).append('\n')
        .append("State: ").append(a.state()).append('\n');
    if (a.value() != null) {
      text.append("Value: ").append(a.toJson().getValue("value")).append('\n');
    }
    if (a.threshold() != null) {
      text.append("Threshold: ").append(a.threshold()).append('\n');
    }
    text.append("Opened: ").append(a.openedAt()).append('\n');
    if (a.clearedAt() != null) {
      text.append("Cleared: ").append(a.clearedAt()).append('\n');
    }
    text.append("Alert id: ").append(a.id()).append('\n');
    if (dashboardUrl != null && !dashboardUrl.isBlank()) {
      text.append('\n').append(dashboardUrl.replaceAll("/$", "")).append("/#/alerts").append('\n');
    }
    return text.toString();
  }

  /**
   * The generic webhook's body: {@code {"event", "deliveryId", "title", "text", "alert": Alert JSON}}.
   * {@code deliveryId} is the same on every retry of one delivery: a receiver may drop repeats by it.
   */
  public JsonObject document() {
    return new JsonObject().put("event", transition.event()).put("deliveryId", deliveryId).put("title", title())
        .put("text", body()).put("alert", transition.alert().toJson());
  }

  /** Slack's incoming-webhook body (also understood by Mattermost and Rocket.Chat). */
  public JsonObject slack() {
    return new JsonObject().put("text", "*" + title() + "*\n" + body());
  }

  /** ntfy's priority header: low 2, medium 3, high 4, critical 5; a clear is 3 whatever it was. */
  public int ntfyPriority() {
    if (Transition.CLEARED.equals(transition.event())) {
      return 3;
    }
    return transition.severity().ordinal() + 2;
  }

  /** ntfy's tags header (emoji short codes). */
  public String ntfyTags() {
    return Transition.CLEARED.equals(transition.event()) ? "white_check_mark" : "warning," + transition.alert().kind();
  }
}
