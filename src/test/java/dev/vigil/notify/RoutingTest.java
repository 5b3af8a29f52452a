package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoutingTest {

  private static Alert alert(String deviceId, String kind, Long ruleId) {
    return new Alert(1, deviceId, kind, "power_w", ruleId, "low", Alert.OPEN, "m", 1.0, null, null, null, 1,
        Instant.now(), Instant.now(), null, null);
  }

  private static Routing routing(String json) {
    return Routing.fromJson(new JsonObject(json));
  }

  @Test
  void aChannelWithoutRoutingHearsEveryAlert() {
    assertThat(Routing.fromJson(null).matches(alert("x", Alert.ANOMALY, null), Severity.LOW)).isTrue();
  }

  @Test
  void severityBelowTheBarIsNotRoutedButAnEscalationOverItIs() {
    Routing highAndUp = routing("{\"minSeverity\":\"high\"}");
    Alert a = alert("pump-1", Alert.THRESHOLD, 3L);
    assertThat(highAndUp.matches(a, Severity.MEDIUM)).isFalse();
    assertThat(highAndUp.matches(a, Severity.HIGH)).isTrue();
    assertThat(highAndUp.matches(a, Severity.CRITICAL)).isTrue();
  }

  @Test
  void devicePatternsMatchWithStarAndQuestionMarkAndNothingElse() {
    Routing pumps = routing("{\"devices\":[\"pump-*\",\"boiler.?\"]}");
    assertThat(pumps.matches(alert("pump-17", Alert.THRESHOLD, null), Severity.LOW)).isTrue();
    assertThat(pumps.matches(alert("boiler.2", Alert.THRESHOLD, null), Severity.LOW)).isTrue();
    assertThat(pumps.matches(alert("boiler.12", Alert.THRESHOLD, null), Severity.LOW)).isFalse();
    assertThat(pumps.matches(alert("heatpump-1", Alert.THRESHOLD, null), Severity.LOW)).isFalse();
    assertThat(routing("{\"devices\":[\"boiler.1\"]}").matches(alert("boilerX1", Alert.THRESHOLD, null), Severity.LOW))
        .as("a dot is a dot, not any character").isFalse();
  }

  @Test
  void aRuleFilterTakesOnlyAlertsOfThoseRules() {
    Routing rule3 = routing("{\"rules\":[3]}");
    assertThat(rule3.matches(alert("d", Alert.THRESHOLD, 3L), Severity.LOW)).isTrue();
    assertThat(rule3.matches(alert("d", Alert.THRESHOLD, 4L), Severity.LOW)).isFalse();
    assertThat(rule3.matches(alert("d", Alert.ANOMALY, null), Severity.LOW)).as("no rule behind it").isFalse();
  }

  @Test
  void aKindFilterTakesOnlyThoseKinds() {
    Routing offline = routing("{\"kinds\":[\"offline\"]}");
    assertThat(offline.matches(alert("d", Alert.OFFLINE, null), Severity.LOW)).isTrue();
    assertThat(offline.matches(alert("d", Alert.ANOMALY, null), Severity.LOW)).isFalse();
  }

  @Test
  void allFiltersMustHold() {
    Routing both = routing("{\"minSeverity\":\"medium\",\"devices\":[\"pump-*\"],\"rules\":[3]}");
    assertThat(both.matches(alert("pump-1", Alert.THRESHOLD, 3L), Severity.HIGH)).isTrue();
    assertThat(both.matches(alert("fan-1", Alert.THRESHOLD, 3L), Severity.HIGH)).isFalse();
    assertThat(both.matches(alert("pump-1", Alert.THRESHOLD, 3L), Severity.LOW)).isFalse();
  }

  @Test
  void anUnknownSeverityIsRefusedNamingTheField() {
    assertThatThrownBy(() -> routing("{\"minSeverity\":\"urgent\"}"))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("routing.minSeverity"));
  }

  @Test
  void aDevicePatternWithForbiddenCharactersIsRefused() {
    assertThatThrownBy(() -> routing("{\"devices\":[\"pump/1\"]}"))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("routing.devices"));
  }

  @Test
  void aRuleIdThatIsNotAPositiveWholeNumberIsRefused() {
    assertThatThrownBy(() -> routing("{\"rules\":[1.5]}")).isInstanceOf(InvalidChannelException.class);
    assertThatThrownBy(() -> routing("{\"rules\":[\"3\"]}")).isInstanceOf(InvalidChannelException.class);
    assertThatThrownBy(() -> routing("{\"kinds\":[\"weather\"]}")).isInstanceOf(InvalidChannelException.class);
  }

  @Test
  void aPatternFullOfStarsIsMatchedInLinearTimeNotByBacktracking() {
    String hostile = "*a".repeat(31) + "b";
    String id = "a".repeat(64);
    assertThat(Routing.glob(hostile, id)).isFalse();
    assertThat(Routing.glob("*a*", id)).isTrue();
    assertThat(Routing.glob("", "")).isTrue();
    assertThat(Routing.glob("a*", "")).isFalse();
    // (with a regular expression built from the pattern, the first match above would not finish)
  }
}
