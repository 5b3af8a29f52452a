package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DriftAlertsTest {

  private static JsonObject drift(String change, String severity, double mean) {
    return new JsonObject().put("deviceId", "pump-1").put("metric", "current").put("change", change)
        .put("severity", severity).put("mean", mean).put("low", 10.0).put("high", 20.0)
        .put("beyond", mean > 20 ? (mean - 20) / 10 : (10 - mean) / 10).put("since", "2024-05-01T10:00:00Z")
        .put("at", "2024-05-01T10:45:00Z");
  }

  private static NewAlert raised(JsonObject event) {
    return ((AlertJudge.Raise) DriftAlerts.actionFor(event).orElseThrow()).alert();
  }

  @Test
  void raisesTheAlarmsSeverityWithTheEdgeCrossedAndHowFarBeyond() {
    NewAlert alert = raised(drift("open", "medium", 27.0));
    assertThat(alert.kind()).isEqualTo(Alert.DRIFT);
    assertThat(alert.metric()).isEqualTo("current");
    assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(alert.value()).isEqualTo(27.0);
    assertThat(alert.threshold()).isEqualTo(20.0);
    assertThat(alert.score()).isEqualTo(0.7);
    assertThat(alert.message()).isEqualTo("current has stayed above its normal range (10 to 20) since "
        + "2024-05-01T10:00:00Z: 27 over the last 15 min, 0.7 of the range's width beyond it");
  }

  @Test
  void aDriftBelowTheRangeQuotesItsLowEdge() {
    NewAlert alert = raised(drift("update", "low", 8.0));
    assertThat(alert.threshold()).isEqualTo(10.0);
    assertThat(alert.message()).contains("below its normal range");
  }

  @Test
  void clearsWhenTheAlarmSaysTheMetricIsBackInRange() {
    assertThat(DriftAlerts.actionFor(new JsonObject().put("deviceId", "pump-1").put("metric", "current")
        .put("change", "clear"))).contains(new AlertJudge.Clear("pump-1", Alert.DRIFT, "current"));
  }

  @Test
  void rejectsAMalformedEvent() {
    assertThat(DriftAlerts.actionFor(new JsonObject().put("deviceId", "pump-1").put("metric", "current"))).isEmpty();
    assertThat(DriftAlerts.actionFor(drift("open", "medium", 27).put("deviceId", "a/b"))).isEmpty();
    assertThat(DriftAlerts.actionFor(drift("open", "urgent", 27))).isEmpty();
    assertThat(DriftAlerts.actionFor(drift("reopen", "low", 27))).isEmpty();
    assertThat(DriftAlerts.actionFor(drift("open", "low", 27).put("since", "yesterday"))).isEmpty();
    assertThat(DriftAlerts.actionFor(null)).isEmpty();
  }
}
