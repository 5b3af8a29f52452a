package dev.vigil.alert;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns each scored reading into alert actions (pure: no I/O). Threshold alerts: one per device and
 * metric, open on the first breaching reading (severity of the worst breached rule), repeated on every
 * further one, cleared after {@value #RULE_CLEAR_AFTER} in-range readings in a row (so a value
 * hovering at the threshold does not flap). Anomaly alerts: one per device, open after
 * {@code openAfter} anomalous readings in a row or at once on a critical score, cleared after
 * {@code clearAfter} normal ones; readings of a warming-up detector are ignored for anomalies but
 * still checked against the rules. Feed readings of one device in order, from one thread.
 */
public final class AlertJudge {

  /** In-range readings in a row that clear a threshold alert. */
  public static final int RULE_CLEAR_AFTER = 3;

  /** What the judge wants done. */
  public sealed interface Action permits Raise, Clear {
    String deviceId();
  }

  /** Open or repeat the live alert described. */
  public record Raise(NewAlert alert) implements Action {
    @Override
    public String deviceId() {
      return alert.deviceId();
    }
  }

  /** Clear the live alert of device/kind/metric. */
  public record Clear(String deviceId, String kind, String metric) implements Action {
  }

  private final int openAfter;
  private final int clearAfter;
  /**
   * Threshold and anomaly states apart: with no threshold state anywhere and no rule for a metric, judging it
   * builds no key (the judge sees every metric of every reading; the key was its costliest part in a profile).
   */
  private final Map<String, Hysteresis> thresholdStates = new HashMap<>();
  private final Map<String, Hysteresis> anomalyStates = new HashMap<>();
  /** Per device with an anomaly run or alert, the timestamp of its first anomalous reading: the fault's start. */
  private final Map<String, Instant> faultStarts = new HashMap<>();
  private List<Rule> rules = List.of();

  public AlertJudge(int openAfter, int clearAfter) {
    this.openAfter = openAfter;
    this.clearAfter = clearAfter;
  }

  /** Replaces the rule set (disabled rules are kept but never match). */
  public void setRules(List<Rule> newRules) {
    rules = List.copyOf(newRules);
  }

  /** Resumes a live alert found in the database, so in-range readings can clear it after a restart. */
  public void markOpen(String deviceId, String kind, String metric) {
    state(key(deviceId, kind, metric), kind).markOpen();
  }

  /** The actions one reading calls for, threshold ones first. */
  public List<Action> judge(ScoredReading scored) {
    List<Action> actions = new ArrayList<>();
    Reading reading = scored.reading();
    reading.metrics().forEach((metric, value) -> judgeMetric(reading.deviceId(), metric, value, actions));
    if (!scored.warmingUp()) {
      judgeAnomaly(scored, actions);
    }
    return actions;
  }

  private void judgeMetric(String deviceId, String metric, double value, List<Action> actions) {
    Rule worst = null;
    boolean watched = false;
    for (Rule rule : rules) {
      if (rule.appliesTo(deviceId) && rule.metric().equals(metric)) {
        watched = true;
        if (rule.breachedBy(value) && (worst == null || severityOf(rule).compareTo(severityOf(worst)) > 0)) {
          worst = rule;
        }
      }
    }
    if (!watched && thresholdStates.isEmpty()) {
      return;
    }
    String key = key(deviceId, Alert.THRESHOLD, metric);
    if (!watched && !thresholdStates.containsKey(key)) {
      return;
    }
    Hysteresis.Decision decision = observe(key, Alert.THRESHOLD, worst != null, false);
    if (decision == Hysteresis.Decision.OPEN || decision == Hysteresis.Decision.REPEAT) {
      actions.add(new Raise(new NewAlert(deviceId, Alert.THRESHOLD, metric, worst.id(), severityOf(worst),
          metric + " = " + Digits.text(value) + " breaks rule " + worst.describe(), value, worst.value(), null,
          null)));
    } else if (decision == Hysteresis.Decision.CLEAR) {
      actions.add(new Clear(deviceId, Alert.THRESHOLD, metric));
    }
  }

  private void judgeAnomaly(ScoredReading scored, List<Action> actions) {
    String deviceId = scored.reading().deviceId();
    Severity severity = Severity.fromScore(scored.score());
    boolean strong = scored.anomalous() && severity == Severity.CRITICAL;
    String key = key(deviceId, Alert.ANOMALY, "");
    if (scored.anomalous()) {
      // the fault began with the first anomalous reading of the run that opens (or repeats) the alert;
      // after a restart that reading is unknown, and the fault is dated from the first one seen
      faultStarts.putIfAbsent(key, scored.reading().ts());
    }
    Hysteresis.Decision decision = observe(key, Alert.ANOMALY, scored.anomalous(), strong);
    if (decision == Hysteresis.Decision.OPEN || decision == Hysteresis.Decision.REPEAT) {
      actions.add(new Raise(anomalyAlert(scored, severity, faultStarts.get(key))));
    } else if (decision == Hysteresis.Decision.CLEAR) {
      faultStarts.remove(key);
      actions.add(new Clear(deviceId, Alert.ANOMALY, ""));
    } else if (!scored.anomalous() && !anomalyStates.containsKey(key)) {
      faultStarts.remove(key); // a run too short to open an alert
    }
  }

  /** The anomaly alert for a reading of a fault that began at {@code since} (device time). */
  static NewAlert anomalyAlert(ScoredReading scored, Severity severity, Instant since) {
    JsonArray explanation = new JsonArray();
    String at = scored.reading().ts().toString();
    scored.explanation().forEach(c -> explanation.add(new JsonObject().put("metric", c.metric())
        .put("value", c.value()).put("expectedLow", c.expectedLow()).put("expectedHigh", c.expectedHigh())
        .put("share", c.share()).put("since", since.toString()).put("at", at)));
    String message = String.format(Locale.ROOT, "Anomalous reading (score %s)%s", Digits.text(scored.score()),
        carriers(scored.explanation()));
    Double value = null;
    if (!scored.explanation().isEmpty()) {
      ScoredReading.Contribution top = scored.explanation().get(0);
      value = top.value();
      message += String.format(Locale.ROOT, ": %s = %s, expected %s to %s", top.metric(),
          Digits.text(top.value()), Digits.text(top.expectedLow()), Digits.text(top.expectedHigh()));
    }
    return new NewAlert(scored.reading().deviceId(), Alert.ANOMALY, "", null, severity, message, value, null,
        scored.score(), explanation);
  }

  /** " on x16 (62%), x22 (20%)": the metrics carrying an anomaly with their shares, at most three. */
  private static String carriers(List<ScoredReading.Contribution> explanation) {
    if (explanation.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(" on ");
    for (int i = 0; i < Math.min(3, explanation.size()); i++) {
      ScoredReading.Contribution c = explanation.get(i);
      out.append(i == 0 ? "" : ", ").append(c.metric())
          .append(String.format(Locale.ROOT, " (%.0f%%)", 100 * c.share()));
    }
    return out.toString();
  }

  private Hysteresis.Decision observe(String key, String kind, boolean abnormal, boolean strong) {
    Hysteresis h = state(key, kind);
    Hysteresis.Decision decision = h.observe(abnormal, strong);
    if (h.isIdle()) {
      statesOf(kind).remove(key); // keeps memory proportional to devices with something going on
    }
    return decision;
  }

  private Hysteresis state(String key, String kind) {
    return statesOf(kind).computeIfAbsent(key, k -> Alert.THRESHOLD.equals(kind)
        ? new Hysteresis(1, RULE_CLEAR_AFTER) : new Hysteresis(openAfter, clearAfter));
  }

  private Map<String, Hysteresis> statesOf(String kind) {
    return Alert.THRESHOLD.equals(kind) ? thresholdStates : anomalyStates;
  }

  private static Severity severityOf(Rule rule) {
    return Severity.parse(rule.severity()).orElseThrow();
  }

  private static String key(String deviceId, String kind, String metric) {
    return deviceId + '\u0000' + kind + '\u0000' + metric;
  }
}
