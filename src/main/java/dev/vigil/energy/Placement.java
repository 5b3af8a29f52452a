package dev.vigil.energy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a device sits and what it is, as a user or the API sets it: its site (or none), its free tags, and
 * whether it consumes or produces energy. The rules for untrusted names live here, once.
 */
public record Placement(String site, List<String> tags, String energyRole) {

  public static final Pattern SITE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** A tag: a word, or key:value ({@code floor:2}, {@code kind:hvac}). */
  public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,32}(:[A-Za-z0-9_.-]{1,32})?");
  public static final int MAX_TAGS = 16;
  public static final String SITE_RULE = "must match [A-Za-z0-9_.-]{1,64}";
  public static final String TAG_RULE = "must match [A-Za-z0-9_.-]{1,32}, optionally :[A-Za-z0-9_.-]{1,32} (floor:2)";

  /** Validates a body {@code {"site": "hq"|null, "tags": [...], "energyRole": "consumer"|"producer"}}. */
  public static Placement fromJson(JsonObject json) {
    Object site = json.getValue("site");
    if (site != null && !(site instanceof String s && SITE.matcher(s).matches())) {
      throw new InvalidEnergyInput("site", SITE_RULE + " or be null");
    }
    Object role = json.getValue("energyRole", "consumer");
    if (!"consumer".equals(role) && !"producer".equals(role)) {
      throw new InvalidEnergyInput("energyRole", "must be consumer or producer");
    }
    return new Placement((String) site, tags(json.getValue("tags", new JsonArray())), (String) role);
  }

  private static List<String> tags(Object value) {
    if (!(value instanceof JsonArray list)) {
      throw new InvalidEnergyInput("tags", "must be a list of strings");
    }
    if (list.size() > MAX_TAGS) {
      throw new InvalidEnergyInput("tags", "must hold at most " + MAX_TAGS + " tags");
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (Object tag : list) {
      out.add(tag(tag, "tags"));
    }
    return new ArrayList<>(out);
  }

  /** One tag, validated; {@code field} names it in the refusal. */
  public static String tag(Object value, String field) {
    if (!(value instanceof String text) || !TAG.matcher(text).matches()) {
      throw new InvalidEnergyInput(field, TAG_RULE);
    }
    return text;
  }

  /** A site id, validated. */
  public static String site(Object value, String field) {
    if (!(value instanceof String text) || !SITE.matcher(text).matches()) {
      throw new InvalidEnergyInput(field, SITE_RULE);
    }
    return text;
  }

  /** An IANA time zone (Europe/Paris, UTC). */
  public static ZoneId zone(Object value, String field) {
    if (!(value instanceof String text) || text.length() > 64) {
      throw new InvalidEnergyInput(field, "must be an IANA time zone such as Europe/Paris or UTC");
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new InvalidEnergyInput(field, "must be an IANA time zone such as Europe/Paris or UTC");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("site", site).put("tags", new JsonArray(tags)).put("energyRole", energyRole);
  }
}
