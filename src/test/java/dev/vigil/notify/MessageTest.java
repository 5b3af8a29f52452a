package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageTest {

  private static final Instant OPENED = Instant.parse("2026-12-01T10:00:00Z");

  private static Transition transition(String event, Severity severity, String state) {
    Alert alert = new Alert(42, "pump-1", Alert.THRESHOLD, "power_w", 3L, severity.wire(), state,
        "power_w 5400 > 3000", 5400.0, 3000.0, null, null, 2, OPENED, OPENED,
        null, Alert.CLEARED.equals(state) ? OPENED.plusSeconds(90) : null);
    return new Transition(7, event, severity, alert);
  }

  @Test
  void theTitleSaysWhatHappenedToWhichDeviceAndMetric() {
    assertThat(new Message(transition(Transition.OPENED, Severity.HIGH, Alert.OPEN), 1, "").title())
        .isEqualTo("[Vigil] HIGH threshold alert: pump-1 power_w");
    assertThat(new Message(transition(Transition.ESCALATED, Severity.CRITICAL, Alert.OPEN), 1, "").title())
        .isEqualTo("[Vigil] escalated to CRITICAL: pump-1 power_w");
    assertThat(new Message(transition(Transition.CLEARED, Severity.HIGH, Alert.CLEARED), 1, "").title())
        .isEqualTo("[Vigil] cleared: pump-1 power_w");
  }

  @Test
  void theBodyCarriesTheAlertsContentAndALinkWhenTheDashboardAddressIsKnown() {
    String body = new Message(transition(Transition.CLEARED, Severity.HIGH, Alert.CLEARED), 1,
        "https://vigil.example.com/").body();
    assertThat(body).contains("power_w 5400 > 3000").contains("Device: pump-1").contains("Severity: high")
        .contains("State: cleared").contains("Value: 5400").contains("Threshold: 3000.0")
        .contains("Opened: 2026-12-01T10:00:00Z").contains("Cleared: 2026-12-01T10:01:30Z").contains("Alert id: 42")
        .contains("https://vigil.example.com/#/alerts");
    assertThat(new Message(transition(Transition.OPENED, Severity.HIGH, Alert.OPEN), 1, "").body()).doesNotContain("http");
  }

  @Test
  void theWebhookDocumentHoldsTheAlertAsTheApiShowsItAndTheDeliveryId() {
    JsonObject doc = new Message(transition(Transition.OPENED, Severity.HIGH, Alert.OPEN), 99, "").document();
    assertThat(doc.getString("event")).isEqualTo("opened");
    assertThat(doc.getLong("deliveryId")).isEqualTo(99);
    assertThat(doc.getJsonObject("alert").getLong("id")).isEqualTo(42);
    assertThat(doc.getJsonObject("alert").getString("deviceId")).isEqualTo("pump-1");
    assertThat(new Message(transition(Transition.OPENED, Severity.HIGH, Alert.OPEN), 99, "").slack().getString("text"))
        .startsWith("*[Vigil] HIGH threshold alert: pump-1 power_w*\n");
  }

  @Test
  void ntfyPriorityFollowsSeverityAndAClearIsOrdinary() {
    assertThat(new Message(transition(Transition.OPENED, Severity.LOW, Alert.OPEN), 1, "").ntfyPriority()).isEqualTo(2);
    assertThat(new Message(transition(Transition.OPENED, Severity.CRITICAL, Alert.OPEN), 1, "").ntfyPriority()).isEqualTo(5);
    assertThat(new Message(transition(Transition.CLEARED, Severity.CRITICAL, Alert.CLEARED), 1, "").ntfyPriority())
        .isEqualTo(3);
  }
}
