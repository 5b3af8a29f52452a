package dev.vigil.energy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The price of a kWh at a local time: flat ({@code {"type":"flat","price":0.3}}) or time-of-use
 * ({@code {"type":"tou","price":0.2,"periods":[{"days":["mon",..],"from":"07:00","to":"23:00","price":0.35}]}}):
 * the first period holding the time sets the price, {@code price} is the price outside every period.
 * Periods are on the quarter hour and within one day ({@code to} "24:00" ends at midnight).
 */
public record Tariff(double price, List<Period> periods) {

  public static final double MAX_PRICE = 1000;
  public static final int MAX_PERIODS = 24;
  private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-4]):(00|15|30|45)");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** A part of the week with its own price: {@code fromMinute <= minute of day < toMinute} on {@code days}. */
  public record Period(Set<DayOfWeek> days, int fromMinute, int toMinute, double price) {
  }

  public static Tariff flat(double price) {
    return new Tariff(price, List.of());
  }

  public double priceAt(LocalDateTime local) {
    int minute = local.getHour() * 60 + local.getMinute();
    for (Period p : periods) {
      if (p.days().contains(local.getDayOfWeek()) && minute >= p.fromMinute() && minute < p.toMinute()) {
        return p.price();
      }
    }
    return price;
  }

  /** Parses and validates a tariff from the API or the database; {@link InvalidEnergyInput} naming the field. */
  public static Tariff fromJson(JsonObject json) {
    String type = json.getValue("type") instanceof String t ? t : null;
    if (!"flat".equals(type) && !"tou".equals(type)) {
      throw new InvalidEnergyInput("tariff.type", "must be flat or tou");
    }
    double base = price(json.getValue("price"), "tariff.price");
    if ("flat".equals(type)) {
      return flat(base);
    }
    if (!(json.getValue("periods") instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_PERIODS) {
      throw new InvalidEnergyInput("tariff.periods", "must be a list of 1 to " + MAX_PERIODS + " periods");
    }
    List<Period> periods = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject p)) {
        throw new InvalidEnergyInput("tariff.periods[" + i + "]", "must be an object");
      }
      periods.add(period(p, "tariff.periods[" + i + "]"));
    }
    return new Tariff(base, List.copyOf(periods));
  }

  private static Period period(JsonObject p, String field) {
    int from = minute(p.getValue("from"), field + ".from");
    int to = minute(p.getValue("to"), field + ".to");
    if (from >= to) {
      throw new InvalidEnergyInput(field + ".to", "must be after from (split a period across midnight in two)");
    }
    if (!(p.getValue("days") instanceof JsonArray days) || days.isEmpty() || days.size() > 7) {
      throw new InvalidEnergyInput(field + ".days", "must list 1 to 7 of mon, tue, wed, thu, fri, sat, sun");
    }
    Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
    for (Object d : days) {
      int index = d instanceof String s ? DAYS.indexOf(s.toLowerCase(Locale.ROOT)) : -1;
      if (index < 0) {
        throw new InvalidEnergyInput(field + ".days", "must list 1 to 7 of mon, tue, wed, thu, fri, sat, sun");
      }
      set.add(DayOfWeek.of(index + 1));
    }
    return new Period(set, from, to, price(p.getValue("price"), field + ".price"));
  }

  private static int minute(Object value, String field) {
    if (!(value instanceof String text) || !CLOCK.matcher(text).matches() || (text.startsWith("24") && !text.equals("24:00"))) {
      throw new InvalidEnergyInput(field, "must be a time HH:MM on the quarter hour, 00:00 to 24:00");
    }
    return Integer.parseInt(text.substring(0, 2)) * 60 + Integer.parseInt(text.substring(3));
  }

  private static double price(Object value, String field) {
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0
        || n.doubleValue() > MAX_PRICE) {
      throw new InvalidEnergyInput(field, "must be a number from 0 to " + (int) MAX_PRICE);
    }
    return n.doubleValue();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", periods.isEmpty() ? "flat" : "tou").put("price", price);
    if (!periods.isEmpty()) {
      JsonArray list = new JsonArray();
      for (Period p : periods) {
        JsonArray days = new JsonArray();
        p.days().forEach(d -> days.add(DAYS.get(d.getValue() - 1)));
        list.add(new JsonObject().put("days", days).put("from", clock(p.fromMinute())).put("to", clock(p.toMinute()))
            .put("price", p.price()));
      }
      json.put("periods", list);
    }
    return json;
  }

  private static String clock(int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }
}
