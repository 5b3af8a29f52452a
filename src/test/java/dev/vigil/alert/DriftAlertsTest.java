package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DriftAlertsTest {

  private static JsonObject drift(double psi) {
    return new JsonObject().put("deviceId", "pump-1").put("metric", "current").put("psi", psi).put("ks", 0.3)
        .put("level", "x");
  }

  private static NewAlert raised(double psi) {
    return ((AlertJudge.Raise) DriftAlerts.actionFor(drift(psi)).orElseThrow()).alert();
  }

  @Test
  void mapsPsiWarningLevelsToSeverities() {
    assertThat(raised(0.12).severity()).isEqualTo(Severity.LOW);
    assertThat(raised(0.3).severity()).isEqualTo(Severity.MEDIUM);
    assertThat(raised(0.7).severity()).isEqualTo(Severity.HIGH);
    assertThat(raised(0.7).threshold()).isEqualTo(0.5);
    assertThat(raised(0.7).metric()).isEqualTo("current");
  }

  @Test
  void clearsWhenPsiIsBelowTheFirstWarningLevel() {
    assertThat(DriftAlerts.actionFor(drift(0.05)))
        .contains(new AlertJudge.Clear("pump-1", Alert.DRIFT, "current"));
  }

  @Test
  void rejectsAnEventWithoutPsiOrDevice() {
    assertThat(DriftAlerts.actionFor(new JsonObject().put("deviceId", "pump-1").put("metric", "current"))).isEmpty();
    assertThat(DriftAlerts.actionFor(drift(0.3).put("deviceId", "a/b"))).isEmpty();
    assertThat(DriftAlerts.actionFor(null)).isEmpty();
  }
}
