package dev.vigil.alert;

import dev.vigil.ingest.MetricNames;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A threshold rule: "metric operator value" raises an alert of {@code severity}, on one device or on
 * every device ({@code deviceId == null}). The constructor validates, so every Rule in memory is valid.
 *
 * @throws InvalidRuleException (from the constructor and the parsers) naming the bad field and why
 */
public record Rule(Long id, String deviceId, String metric, String operator, double value, String severity,
    boolean enabled) {

  public static final Set<String> OPERATORS = Set.of(">", ">=", "<", "<=", "==", "!=");
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final String DEFAULT_SEVERITY = "medium";

  public Rule {
    if (deviceId != null && !DEVICE.matcher(deviceId).matches()) {
      throw new InvalidRuleException("deviceId", "must match [A-Za-z0-9_.:-]{1,64} or be absent");
    }
    if (!MetricNames.valid(metric)) {
      throw new InvalidRuleException("metric", "must match " + MetricNames.RULE);
    }
    if (operator == null || !OPERATORS.contains(operator)) {
      throw new InvalidRuleException("operator", "must be one of > >= < <= == !=");
    }
    if (!Double.isFinite(value)) {
      throw new InvalidRuleException("value", "must be a finite number");
    }
    severity = Severity.parse(severity)
        .orElseThrow(() -> new InvalidRuleException("severity", "must be one of low medium high critical"))
        .wire();
  }

  /**
   * A rule from API JSON: {@code {"deviceId"?, "metric", "operator", "value", "severity"?, "enabled"?}}.
   * Absent, null or empty deviceId: every device. Severity defaults to medium, enabled to true. Any
   * {@code id} in the JSON is ignored (the store assigns it).
   */
  public static Rule fromJson(JsonObject json) {
    if (json == null) {
      throw new InvalidRuleException("body", "must be a JSON object");
    }
    String deviceId = optionalString(json, "deviceId");
    String metric = requiredString(json, "metric");
    String operator = requiredString(json, "operator");
    Object value = json.getValue("value");
    if (!(value instanceof Number number)) {
      throw new InvalidRuleException("value", "must be a finite number");
    }
    String severity = optionalString(json, "severity");
    Object enabled = json.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw new InvalidRuleException("enabled", "must be true or false");
    }
    return new Rule(null, deviceId, metric, operator, number.doubleValue(),
        severity == null ? DEFAULT_SEVERITY : severity, enabled == null || (Boolean) enabled);
  }

  /**
   * Rules from the config form {@code power_w>3000:high;temperature<5}: entries separated by ';', each
   * {@code metric operator value[:severity]} (severity default medium), applying to every device.
   */
  public static List<Rule> parseSeed(String text) {
    List<Rule> rules = new ArrayList<>();
    if (text == null) {
      return rules;
    }
    for (String entry : text.split(";")) {
      if (!entry.isBlank()) {
        rules.add(parseSeedEntry(entry.trim()));
      }
    }
    return rules;
  }

  private static Rule parseSeedEntry(String entry) {
    int opStart = indexOfOperator(entry);
    if (opStart < 0) {
      throw new InvalidRuleException("operator", "no operator (> >= < <= == !=) in '" + entry + "'");
    }
    int opEnd = opStart;
    while (opEnd < entry.length() && isOperatorChar(entry.charAt(opEnd))) {
      opEnd++;
    }
    String metric = entry.substring(0, opStart).trim();
    String operator = entry.substring(opStart, opEnd);
    String rest = entry.substring(opEnd);
    int colon = rest.indexOf(':');
    String valueText = (colon < 0 ? rest : rest.substring(0, colon)).trim();
    String severity = colon < 0 ? DEFAULT_SEVERITY : rest.substring(colon + 1).trim();
    return new Rule(null, null, metric, operator, parseValue(valueText, entry), severity, true);
  }

  private static int indexOfOperator(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      if (isOperatorChar(entry.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isOperatorChar(char c) {
    return "<>=!".indexOf(c) >= 0;
  }

  private static double parseValue(String text, String entry) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new InvalidRuleException("value", "'" + text + "' is not a number in '" + entry + "'");
    }
  }

  private static String requiredString(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new InvalidRuleException(field, "is required (a string)");
    }
    return s;
  }

  private static String optionalString(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new InvalidRuleException(field, "must be a string");
    }
    return s.isEmpty() ? null : s;
  }

  /** The same rule with the id the store gave it. */
  public Rule withId(long newId) {
    return new Rule(newId, deviceId, metric, operator, value, severity, enabled);
  }

  /** Whether this rule watches {@code device}. */
  public boolean appliesTo(String device) {
    return enabled && (deviceId == null || deviceId.equals(device));
  }

  /** Whether the reading value {@code v} breaks this rule. */
  public boolean breachedBy(double v) {
    return switch (operator) {
      case ">" -> v > value;
      case ">=" -> v >= value;
      case "<" -> v < value;
      case "<=" -> v <= value;
      case "==" -> v == value;
      case "!=" -> v != value;
      default -> throw new IllegalStateException("unvalidated operator " + operator);
    };
  }

  /** Human form, e.g. {@code power_w > 3000}. */
  public String describe() {
    return metric + " " + operator + " " + formatNumber(value);
  }

  /** A rule's value as the user typed it (never rounded: "> 3000.5" must not read "> 3001"). */
  static String formatNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("deviceId", deviceId)
        .put("metric", metric)
        .put("operator", operator)
        .put("value", value)
        .put("severity", severity)
        .put("enabled", enabled);
  }
}
