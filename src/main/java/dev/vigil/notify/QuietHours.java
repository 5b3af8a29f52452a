package dev.vigil.notify;

import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A daily window, in a time zone, in which a channel stays silent: a delivery due inside it waits
 * until the window ends (it is held, never dropped), unless its severity is at least {@code except}
 * (null: nothing gets through). {@code from} after {@code to} spans midnight (22:00 to 07:00).
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone, Severity except) {

  /** The end of the quiet window {@code now} falls in, or empty when {@code now} is outside it. */
  public Optional<Instant> heldUntil(Instant now, Severity severity) {
    if (except != null && severity.compareTo(except) >= 0) {
      return Optional.empty();
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    boolean spansMidnight = from.isAfter(to);
    boolean inside = spansMidnight ? !time.isBefore(from) || time.isBefore(to)
        : !time.isBefore(from) && time.isBefore(to);
    if (!inside) {
      return Optional.empty();
    }
    ZonedDateTime end = local.toLocalDate().atTime(to).atZone(zone);
    if (!end.isAfter(local)) {
      end = local.toLocalDate().plusDays(1).atTime(to).atZone(zone);
    }
    return Optional.of(end.toInstant());
  }

  /** Parses {@code {"from": "22:00", "to": "07:00", "zone": "Europe/Berlin", "except": "critical"}}; null: none. */
  static QuietHours fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    LocalTime from = time(json, "from");
    LocalTime to = time(json, "to");
    if (from.equals(to)) {
      throw new InvalidChannelException("quietHours.to", "must differ from quietHours.from");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(Fields.text(json, "quietHours.zone", "zone", 64));
    } catch (DateTimeException e) {
      throw new InvalidChannelException("quietHours.zone", "must be a time zone such as Europe/Berlin or UTC");
    }
    Severity except = null;
    if (json.getValue("except") != null) {
      except = Severity.parse(Fields.text(json, "quietHours.except", "except", 16)).orElseThrow(
          () -> new InvalidChannelException("quietHours.except", "must be low, medium, high or critical"));
    }
    return new QuietHours(from, to, zone, except);
  }

  JsonObject toJson() {
    return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("zone", zone.getId())
        .put("except", except == null ? null : except.wire());
  }

  private static LocalTime time(JsonObject json, String name) {
    String text = Fields.text(json, "quietHours." + name, name, 8);
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidChannelException("quietHours." + name, "must be a time of day, HH:MM");
    }
  }
}
