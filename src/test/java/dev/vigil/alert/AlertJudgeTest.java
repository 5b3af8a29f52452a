package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertJudge.Action;
import dev.vigil.alert.AlertJudge.Clear;
import dev.vigil.alert.AlertJudge.Raise;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJudgeTest {

  private static ScoredReading reading(String device, double power) {
    return ScoredReading.warmingUp(new Reading(device, Instant.now(), 0, Map.of("power_w", power), Instant.now()));
  }

  private static ScoredReading scored(double score, boolean anomalous) {
    Reading r = new Reading("pump-1", Instant.now(), 0, Map.of("vibration", 9.0), Instant.now());
    List<ScoredReading.Contribution> why = anomalous
        ? List.of(new ScoredReading.Contribution("vibration", 9.0, 1.0, 2.0, 1.0)) : List.of();
    return new ScoredReading(r, score, anomalous, false, 1, why);
  }

  private static AlertJudge judgeWithRules(String seed) {
    AlertJudge judge = new AlertJudge(2, 2);
    List<Rule> rules = Rule.parseSeed(seed);
    for (int i = 0; i < rules.size(); i++) {
      rules.set(i, rules.get(i).withId(i + 1));
    }
    judge.setRules(rules);
    return judge;
  }

  @Test
  void raisesAThresholdAlertWithTheWorstBreachedRule() {
    AlertJudge judge = judgeWithRules("power_w>3000:medium;power_w>5000:critical");
    List<Action> actions = judge.judge(reading("kitchen-1", 5400));
    assertThat(actions).hasSize(1);
    NewAlert alert = ((Raise) actions.get(0)).alert();
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.ruleId()).isEqualTo(2L);
    assertThat(alert.metric()).isEqualTo("power_w");
    assertThat(alert.message()).isEqualTo("power_w = 5400 breaks rule power_w > 5000");
  }

  @Test
  void aThresholdAlertShowsTheMeasuredValueToMeaningfulDigitsAndTheRuleAsTyped() {
    AlertJudge judge = judgeWithRules("temperature_c>25.125:high");
    ScoredReading hot = ScoredReading.warmingUp(new Reading("boiler-1", Instant.now(), 0,
        Map.of("temperature_c", 27.025634211258577), Instant.now()));
    NewAlert alert = ((Raise) judge.judge(hot).get(0)).alert();
    assertThat(alert.message()).isEqualTo("temperature_c = 27.03 breaks rule temperature_c > 25.125");
  }

  @Test
  void anAlertsJsonForApiBusAndMqttCarriesMeasuredNumbersRounded() {
    Reading r = new Reading("tep-1", Instant.now(), 0, Map.of("x16", 27.025634211258577), Instant.now());
    ScoredReading scored = new ScoredReading(r, 0.99871234, true, false, 1,
        List.of(new ScoredReading.Contribution("x16", 27.025634211258577, 20.123456, 25.987654, 0.912345)));
    NewAlert raised = AlertJudge.anomalyAlert(scored, Severity.CRITICAL, r.ts());
    assertThat(raised.message()).isEqualTo("Anomalous reading (score 0.9987) on x16 (91%): x16 = 27.03, expected "
        + "20.12 to 25.99");

    Alert stored = new Alert(7, "tep-1", Alert.ANOMALY, "", null, "critical", Alert.OPEN, raised.message(),
        raised.value(), null, raised.score(), raised.explanation(), 1, Instant.now(), Instant.now(), null, null);
    io.vertx.core.json.JsonObject json = stored.toJson();
    assertThat(json.getDouble("value")).isEqualTo(27.03);
    assertThat(json.getDouble("score")).isEqualTo(0.9987);
    assertThat(json.getJsonArray("explanation").getJsonObject(0).getDouble("expectedLow")).isEqualTo(20.12);
    assertThat(json.getJsonArray("explanation").getJsonObject(0).getDouble("share")).isEqualTo(0.9123);
    assertThat(json.toBuffer().toString()).doesNotContain("27.0256").doesNotContain("0.99871");
  }

  @Test
  void aThresholdAlertsJsonKeepsTheRulesValueAsTyped() {
    Alert stored = new Alert(8, "boiler-1", Alert.THRESHOLD, "temperature_c", 1L, "high", Alert.OPEN, "m",
        27.025634211258577, 25.12345, null, null, 1, Instant.now(), Instant.now(), null, null);
    assertThat(stored.toJson().getDouble("threshold")).isEqualTo(25.12345);
    assertThat(stored.toJson().getDouble("value")).isEqualTo(27.03);
  }

  @Test
  void evaluatesRulesOnWarmingUpReadingsAndClearsAfterThreeInRange() {
    AlertJudge judge = judgeWithRules("power_w>3000:high");
    assertThat(judge.judge(reading("k", 5400))).hasSize(1);
    assertThat(judge.judge(reading("k", 100))).isEmpty();
    assertThat(judge.judge(reading("k", 100))).isEmpty();
    assertThat(judge.judge(reading("k", 100))).containsExactly(new Clear("k", Alert.THRESHOLD, "power_w"));
    assertThat(judge.judge(reading("k", 100))).isEmpty();
  }

  @Test
  void ignoresMetricsNoRuleWatches() {
    AlertJudge judge = judgeWithRules("temperature<5");
    assertThat(judge.judge(reading("k", 99999))).isEmpty();
  }

  @Test
  void clearsAThresholdAlertWhoseRuleWasRemoved() {
    AlertJudge judge = judgeWithRules("power_w>3000");
    judge.judge(reading("k", 5400));
    judge.setRules(List.of());
    judge.judge(reading("k", 5400));
    judge.judge(reading("k", 5400));
    assertThat(judge.judge(reading("k", 5400))).containsExactly(new Clear("k", Alert.THRESHOLD, "power_w"));
  }

  @Test
  void opensAnAnomalyAlertAfterTwoAnomalousReadingsWithItsExplanation() {
    AlertJudge judge = new AlertJudge(2, 2);
    assertThat(judge.judge(scored(0.96, true))).isEmpty();
    List<Action> actions = judge.judge(scored(0.97, true));
    NewAlert alert = ((Raise) actions.get(0)).alert();
    assertThat(alert.kind()).isEqualTo(Alert.ANOMALY);
    assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(alert.explanation().getJsonObject(0).getString("metric")).isEqualTo("vibration");
    assertThat(alert.explanation().getJsonObject(0).getDouble("expectedHigh")).isEqualTo(2.0);
    assertThat(alert.message()).contains("vibration = 9, expected 1 to 2");
  }

  @Test
  void opensAnAnomalyAlertAtOnceOnACriticalScore() {
    AlertJudge judge = new AlertJudge(3, 2);
    assertThat(judge.judge(scored(0.9995, true))).hasSize(1);
  }

  @Test
  void clearsAnAnomalyAlertAfterClearAfterNormalReadings() {
    AlertJudge judge = new AlertJudge(1, 2);
    judge.judge(scored(0.97, true));
    assertThat(judge.judge(scored(0.1, false))).isEmpty();
    assertThat(judge.judge(scored(0.1, false))).containsExactly(new Clear("pump-1", Alert.ANOMALY, ""));
  }

  @Test
  void skipsWarmingUpReadingsForAnomalies() {
    AlertJudge judge = new AlertJudge(1, 1);
    Reading r = new Reading("pump-1", Instant.now(), 0, Map.of("vibration", 9.0), Instant.now());
    assertThat(judge.judge(ScoredReading.warmingUp(r))).isEmpty();
  }

  @Test
  void resumesALiveAlertAfterARestart() {
    AlertJudge judge = judgeWithRules("power_w>3000");
    judge.markOpen("k", Alert.THRESHOLD, "power_w");
    judge.judge(reading("k", 1));
    judge.judge(reading("k", 1));
    assertThat(judge.judge(reading("k", 1))).containsExactly(new Clear("k", Alert.THRESHOLD, "power_w"));
  }

  private static ScoredReading faultReading(Instant ts, boolean anomalous) {
    Reading r = new Reading("tep-1", ts, 0, Map.of("x16", 3165.1, "x22", 40.0), ts);
    List<ScoredReading.Contribution> why = anomalous ? List.of(
        new ScoredReading.Contribution("x16", 3165.1, 3081.2, 3124.8, 0.62),
        new ScoredReading.Contribution("x22", 40.0, 35.0, 38.0, 0.2)) : List.of();
    return new ScoredReading(r, 0.97, anomalous, false, 1, why);
  }

  @Test
  void anAnomalyAlertDatesTheFaultFromItsFirstReadingAndNamesTheMetricsCarryingIt() {
    AlertJudge judge = new AlertJudge(1, 3);
    Instant start = Instant.parse("2024-03-01T08:00:00Z");
    judge.judge(faultReading(start, true));
    judge.judge(faultReading(start.plusSeconds(180), false));
    NewAlert repeated = ((Raise) judge.judge(faultReading(start.plusSeconds(360), true)).get(0)).alert();
    assertThat(repeated.message()).startsWith("Anomalous reading (score 0.97) on x16 (62%), x22 (20%)");
    assertThat(repeated.explanation().getJsonObject(0).getString("since")).isEqualTo(start.toString());
    assertThat(repeated.explanation().getJsonObject(0).getString("at")).isEqualTo(start.plusSeconds(360).toString());

    Alert stored = new Alert(1, "tep-1", Alert.ANOMALY, "", null, "medium", Alert.OPEN, repeated.message(), null, null,
        0.97, repeated.explanation(), 2, Instant.now(), Instant.now(), null, null);
    assertThat(stored.toJson().getString("startedAt")).isEqualTo(start.toString());
    assertThat(stored.toJson().getLong("lastedSeconds")).isEqualTo(360);
    assertThat(stored.toJson().getJsonArray("carriedBy")).containsExactly("x16", "x22");
  }

  @Test
  void aFaultAfterTheAlertClearedIsDatedFromItsOwnStart() {
    AlertJudge judge = new AlertJudge(1, 1);
    Instant start = Instant.parse("2024-03-01T08:00:00Z");
    judge.judge(faultReading(start, true));
    judge.judge(faultReading(start.plusSeconds(180), false));
    NewAlert next = ((Raise) judge.judge(faultReading(start.plusSeconds(600), true)).get(0)).alert();
    assertThat(next.explanation().getJsonObject(0).getString("since")).isEqualTo(start.plusSeconds(600).toString());
  }

  @Test
  void anAlertWithoutADeviceTimeStartLastsFromOpeningToClearing() {
    Instant opened = Instant.parse("2024-03-01T08:00:00Z");
    Alert cleared = new Alert(1, "k", Alert.THRESHOLD, "power_w", 1L, "high", Alert.CLEARED, "m", 5400.0, 3000.0, null,
        null, 3, opened, opened.plusSeconds(90), null, opened.plusSeconds(90));
    assertThat(cleared.toJson().getString("startedAt")).isEqualTo(opened.toString());
    assertThat(cleared.toJson().getLong("lastedSeconds")).isEqualTo(90);
    assertThat(cleared.toJson().getJsonArray("carriedBy")).containsExactly("power_w");
    Alert live = new Alert(1, "k", Alert.THRESHOLD, "power_w", 1L, "high", Alert.OPEN, "m", 5400.0, 3000.0, null,
        null, 3, opened, opened, null, null);
    assertThat(live.toJson(opened.plusSeconds(600)).getLong("lastedSeconds")).isEqualTo(600);
  }
}
