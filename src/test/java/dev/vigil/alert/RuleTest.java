package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleTest {

  private static JsonObject valid() {
    return new JsonObject().put("metric", "power_w").put("operator", ">").put("value", 3000).put("severity", "high");
  }

  private static void assertRejected(JsonObject json, String field) {
    assertThatThrownBy(() -> Rule.fromJson(json))
        .isInstanceOfSatisfying(InvalidRuleException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void acceptsAValidRuleForEveryDevice() {
    Rule rule = Rule.fromJson(valid());
    assertThat(rule).isEqualTo(new Rule(null, null, "power_w", ">", 3000, "high", true));
  }

  @Test
  void acceptsADeviceSpecificDisabledRuleWithDefaultSeverity() {
    Rule rule = Rule.fromJson(valid().put("deviceId", "kitchen-1").put("enabled", false).put("severity", null));
    assertThat(rule.deviceId()).isEqualTo("kitchen-1");
    assertThat(rule.enabled()).isFalse();
    assertThat(rule.severity()).isEqualTo("medium");
  }

  @Test
  void treatsAnEmptyDeviceIdAsEveryDevice() {
    assertThat(Rule.fromJson(valid().put("deviceId", "")).deviceId()).isNull();
  }

  @Test
  void ignoresAnIdInTheBody() {
    assertThat(Rule.fromJson(valid().put("id", 42)).id()).isNull();
  }

  @Test
  void rejectsAnUnknownOperator() {
    assertRejected(valid().put("operator", "=>"), "operator");
  }

  @Test
  void rejectsAMissingOperator() {
    assertRejected(valid().putNull("operator"), "operator");
  }

  @Test
  void rejectsAnUnknownSeverity() {
    assertRejected(valid().put("severity", "urgent"), "severity");
  }

  @Test
  void rejectsAMetricNameWithASpace() {
    assertRejected(valid().put("metric", "power w"), "metric");
  }

  @Test
  void rejectsAMetricNameLongerThan64Characters() {
    assertRejected(valid().put("metric", "m".repeat(65)), "metric");
  }

  @Test
  void rejectsAMissingMetric() {
    JsonObject json = valid();
    json.remove("metric");
    assertRejected(json, "metric");
  }

  @Test
  void rejectsADeviceIdWithASlash() {
    assertRejected(valid().put("deviceId", "a/b"), "deviceId");
  }

  @Test
  void rejectsANonStringDeviceId() {
    assertRejected(valid().put("deviceId", 7), "deviceId");
  }

  @Test
  void rejectsAValueGivenAsString() {
    assertRejected(valid().put("value", "3000"), "value");
  }

  @Test
  void rejectsAMissingValue() {
    JsonObject json = valid();
    json.remove("value");
    assertRejected(json, "value");
  }

  @Test
  void rejectsANonFiniteValue() {
    assertRejected(valid().put("value", Double.POSITIVE_INFINITY), "value");
    assertRejected(valid().put("value", Double.NaN), "value");
  }

  @Test
  void rejectsANonBooleanEnabled() {
    assertRejected(valid().put("enabled", "yes"), "enabled");
  }

  @Test
  void rejectsAMissingBody() {
    assertThatThrownBy(() -> Rule.fromJson(null)).isInstanceOf(InvalidRuleException.class);
  }

  @Test
  void acceptsSeverityInAnyCaseAndStoresItLowercase() {
    assertThat(Rule.fromJson(valid().put("severity", "CRITICAL")).severity()).isEqualTo("critical");
  }

  @Test
  void evaluatesEveryOperator() {
    assertThat(rule(">", 10).breachedBy(10.5)).isTrue();
    assertThat(rule(">", 10).breachedBy(10)).isFalse();
    assertThat(rule(">=", 10).breachedBy(10)).isTrue();
    assertThat(rule(">=", 10).breachedBy(9.9)).isFalse();
    assertThat(rule("<", 10).breachedBy(9.9)).isTrue();
    assertThat(rule("<", 10).breachedBy(10)).isFalse();
    assertThat(rule("<=", 10).breachedBy(10)).isTrue();
    assertThat(rule("<=", 10).breachedBy(10.1)).isFalse();
    assertThat(rule("==", 10).breachedBy(10)).isTrue();
    assertThat(rule("==", 10).breachedBy(10.0001)).isFalse();
    assertThat(rule("!=", 10).breachedBy(11)).isTrue();
    assertThat(rule("!=", 10).breachedBy(10)).isFalse();
  }

  @Test
  void appliesToItsDeviceOnlyAndOnlyWhenEnabled() {
    Rule kitchen = new Rule(1L, "kitchen-1", "power_w", ">", 1, "low", true);
    assertThat(kitchen.appliesTo("kitchen-1")).isTrue();
    assertThat(kitchen.appliesTo("garage")).isFalse();
    assertThat(rule(">", 1).appliesTo("garage")).isTrue();
    assertThat(new Rule(1L, null, "power_w", ">", 1, "low", false).appliesTo("garage")).isFalse();
  }

  @Test
  void parsesTheSeedFormWithDefaultSeverity() {
    List<Rule> rules = Rule.parseSeed("power_w>3000:high; temperature < 5 ;; vibration.x >= -0.5:critical");
    assertThat(rules).containsExactly(
        new Rule(null, null, "power_w", ">", 3000, "high", true),
        new Rule(null, null, "temperature", "<", 5, "medium", true),
        new Rule(null, null, "vibration.x", ">=", -0.5, "critical", true));
  }

  @Test
  void parsesEveryOperatorInTheSeedForm() {
    assertThat(Rule.parseSeed("a>1;a>=1;a<1;a<=1;a==1;a!=1")).extracting(Rule::operator)
        .containsExactly(">", ">=", "<", "<=", "==", "!=");
  }

  @Test
  void parsesAnEmptySeedAsNoRules() {
    assertThat(Rule.parseSeed("")).isEmpty();
    assertThat(Rule.parseSeed(null)).isEmpty();
  }

  @Test
  void rejectsASeedEntryWithoutOperator() {
    assertSeedRejected("power_w 3000", "operator");
  }

  @Test
  void rejectsASeedEntryWithABadOperator() {
    assertSeedRejected("power_w=>3000", "operator");
  }

  @Test
  void rejectsASeedEntryWithANonNumericValue() {
    assertSeedRejected("power_w>lots", "value");
  }

  @Test
  void rejectsASeedEntryWithAnUnknownSeverity() {
    assertSeedRejected("power_w>3000:urgent", "severity");
  }

  @Test
  void rejectsASeedEntryWithABadMetricName() {
    assertSeedRejected("power w>3000", "metric");
  }

  @Test
  void rejectsASeedEntryWithoutMetric() {
    assertSeedRejected(">3000", "metric");
  }

  @Test
  void roundTripsThroughJson() {
    Rule rule = new Rule(7L, "kitchen-1", "power_w", "<=", 2.5, "low", false);
    JsonObject json = rule.toJson();
    assertThat(json.getLong("id")).isEqualTo(7L);
    assertThat(Rule.fromJson(json).withId(7)).isEqualTo(rule);
  }

  private static void assertSeedRejected(String seed, String field) {
    assertThatThrownBy(() -> Rule.parseSeed(seed))
        .isInstanceOfSatisfying(InvalidRuleException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static Rule rule(String operator, double value) {
    return new Rule(null, null, "m", operator, value, "medium", true);
  }
}
