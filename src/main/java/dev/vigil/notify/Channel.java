package dev.vigil.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * A configured way to reach someone. {@code settings} are the type's own, validated: email
 * {@code {"to": [addresses], "from": optional}}; webhook {@code {"url", "secret": optional HMAC key}};
 * slack {@code {"url"}}; ntfy {@code {"url": topic URL, "token": optional access token}}. {@link #toJson()}
 * is what the API shows (a token or secret is never shown back); {@link #specJson()} what the database keeps.
 *
 * @param id         0 until stored
 * @param rateLimit  null: no limit
 * @param quietHours null: never quiet
 */
public record Channel(long id, String name, ChannelType type, boolean enabled, JsonObject settings, Routing routing,
    RateLimit rateLimit, QuietHours quietHours) {

  static final int MAX_NAME = 100;
  static final int MAX_RECIPIENTS = 20;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.:@()/#-]{1,100}");
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]{1,64}@[A-Za-z0-9.-]{1,253}");
  private static final String HIDDEN = "(set)";
  private static final java.util.List<String> SECRETS = java.util.List.of("token", "secret");

  /** Validates a channel as the API receives it; every failure names its field. */
  public static Channel fromJson(long id, JsonObject json) {
    String name = Fields.text(json, "name", "name", MAX_NAME);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidChannelException("name", "may hold letters, digits, spaces and _.:@()/#- only");
    }
    String typeName = Fields.text(json, "type", "type", 16);
    ChannelType type = ChannelType.parse(typeName)
        .orElseThrow(() -> new InvalidChannelException("type", "must be email, webhook, slack or ntfy"));
    Object enabled = json.getValue("enabled", Boolean.TRUE);
    if (!(enabled instanceof Boolean on)) {
      throw new InvalidChannelException("enabled", "must be true or false");
    }
    JsonObject settings = Fields.object(json, "settings", "settings");
    if (settings == null) {
      throw new InvalidChannelException("settings", "is required (a JSON object)");
    }
    return new Channel(id, name, type, on, settings(type, settings),
        Routing.fromJson(Fields.object(json, "routing", "routing")),
        RateLimit.fromJson(Fields.object(json, "rateLimit", "rateLimit")),
        QuietHours.fromJson(Fields.object(json, "quietHours", "quietHours")));
  }

  /** The channel as the API shows it: secrets replaced by "(set)". */
  public JsonObject toJson() {
    JsonObject shown = specJson().put("id", id);
    JsonObject shownSettings = shown.getJsonObject("settings");
    SECRETS.stream().filter(name -> shownSettings.getValue(name) != null).forEach(name -> shownSettings.put(name, HIDDEN));
    return shown;
  }

  /** The channel as stored, secrets included. */
  public JsonObject specJson() {
    return new JsonObject().put("name", name).put("type", type.wire()).put("enabled", enabled)
        .put("settings", settings.copy()).put("routing", routing.toJson())
        .put("rateLimit", rateLimit == null ? null : rateLimit.toJson())
        .put("quietHours", quietHours == null ? null : quietHours.toJson());
  }

  /**
   * This channel with a new version's fields; a token or secret given back as "(set)" (as the API
   * showed it) keeps the stored one, so editing a channel in the dashboard does not erase it.
   */
  public Channel keepingSecretsOf(Channel stored) {
    JsonObject merged = settings.copy();
    for (String name : SECRETS) {
      if (HIDDEN.equals(merged.getValue(name)) && stored.settings.getValue(name) != null) {
        merged.put(name, stored.settings.getValue(name));
      }
    }
    return new Channel(id, name, type, enabled, merged, routing, rateLimit, quietHours);
  }

  private static JsonObject settings(ChannelType type, JsonObject given) {
    return switch (type) {
      case EMAIL -> email(given);
      case WEBHOOK -> new JsonObject().put("url", Fields.url(given, "settings.url", "url"))
          .put("secret", Fields.optionalText(given, "settings.secret", "secret", 256));
      case SLACK -> new JsonObject().put("url", Fields.url(given, "settings.url", "url"));
      case NTFY -> new JsonObject().put("url", Fields.url(given, "settings.url", "url"))
          .put("token", Fields.optionalText(given, "settings.token", "token", 256));
    };
  }

  private static JsonObject email(JsonObject given) {
    JsonArray to = Fields.array(given, "settings.to", "to", MAX_RECIPIENTS);
    if (to.isEmpty()) {
      throw new InvalidChannelException("settings.to", "needs at least one address");
    }
    for (Object address : to) {
      if (!(address instanceof String s) || !ADDRESS.matcher(s).matches()) {
        throw new InvalidChannelException("settings.to", "'" + address + "' is not an email address");
      }
    }
    String from = Fields.optionalText(given, "settings.from", "from", 320);
    if (from != null && !ADDRESS.matcher(from).matches()) {
      throw new InvalidChannelException("settings.from", "'" + from + "' is not an email address");
    }
    return new JsonObject().put("to", to.copy()).put("from", from);
  }
}
