package dev.vigil.notify;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which alerts a channel hears about: severity at least {@code minSeverity}, a device id matching one
 * of {@code devices} (patterns with {@code *} and {@code ?}; empty: every device), raised by one of
 * {@code rules} (empty: any alert, rule or not) and of one of {@code kinds} (empty: every kind). The
 * severity compared is the one the transition carries: an alert opened below the bar reaches the
 * channel when it escalates over it, and its clear follows.
 */
public record Routing(Severity minSeverity, List<String> devices, List<Long> rules, List<String> kinds) {

  static final int MAX_ENTRIES = 100;
  private static final Set<String> KINDS = Set.of(Alert.THRESHOLD, Alert.ANOMALY, Alert.OFFLINE, Alert.DRIFT);
  private static final Pattern DEVICE_PATTERN = Pattern.compile("[A-Za-z0-9_.:*?-]{1,64}");

  public Routing {
    devices = List.copyOf(devices);
    rules = List.copyOf(rules);
    kinds = List.copyOf(kinds);
  }

  /** Everything: the routing of a channel that gives none. */
  public static Routing everything() {
    return new Routing(Severity.LOW, List.of(), List.of(), List.of());
  }

  /** True when the channel should hear about {@code alert} at {@code severity}. */
  public boolean matches(Alert alert, Severity severity) {
    return severity.compareTo(minSeverity) >= 0
        && (devices.isEmpty() || devices.stream().anyMatch(p -> glob(p, alert.deviceId())))
        && (rules.isEmpty() || alert.ruleId() != null && rules.contains(alert.ruleId()))
        && (kinds.isEmpty() || kinds.contains(alert.kind()));
  }

  /** Parses {@code {"minSeverity", "devices", "rules", "kinds"}}, every field optional; null means everything. */
  static Routing fromJson(JsonObject json) {
    if (json == null) {
      return everything();
    }
    Severity min = Severity.LOW;
    if (json.getValue("minSeverity") != null) {
      min = Severity.parse(Fields.text(json, "routing.minSeverity", "minSeverity", 16))
          .orElseThrow(() -> new InvalidChannelException("routing.minSeverity", "must be low, medium, high or critical"));
    }
    List<String> devices = strings(json, "devices");
    devices.stream().filter(d -> !DEVICE_PATTERN.matcher(d).matches()).findFirst().ifPresent(d -> {
      throw new InvalidChannelException("routing.devices", "'" + d + "' is not a device id pattern ([A-Za-z0-9_.:-], * and ?)");
    });
    List<String> kinds = strings(json, "kinds");
    kinds.stream().filter(k -> !KINDS.contains(k)).findFirst().ifPresent(k -> {
      throw new InvalidChannelException("routing.kinds", "'" + k + "' is not one of " + KINDS);
    });
    return new Routing(min, devices, ruleIds(json), kinds);
  }

  JsonObject toJson() {
    return new JsonObject().put("minSeverity", minSeverity.wire()).put("devices", new JsonArray(devices))
        .put("rules", new JsonArray(rules)).put("kinds", new JsonArray(kinds));
  }

  /**
   * Wildcard match ({@code *} any run, {@code ?} one character) in O(pattern x text) at worst: a
   * regular expression built from a pattern such as {@code *a*a*a*a*b} backtracks exponentially.
   */
  static boolean glob(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  private static List<String> strings(JsonObject json, String name) {
    List<String> out = new ArrayList<>();
    for (Object o : Fields.array(json, "routing." + name, name, MAX_ENTRIES)) {
      if (!(o instanceof String s)) {
        throw new InvalidChannelException("routing." + name, "must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }

  private static List<Long> ruleIds(JsonObject json) {
    List<Long> out = new ArrayList<>();
    for (Object o : Fields.array(json, "routing.rules", "rules", MAX_ENTRIES)) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 1) {
        throw new InvalidChannelException("routing.rules", "must be an array of rule ids (positive whole numbers)");
      }
      out.add(n.longValue());
    }
    return out;
  }
}
