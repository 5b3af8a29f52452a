package dev.vigil.sim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads human durations for the command line: "90s", "10m", "2h", "1d", "500ms", "PT5M" or plain seconds. */
public final class Durations {

  private Durations() {
  }

  public static Duration parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      char unit = s.charAt(s.length() - 1);
      String number = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
      double value = Double.parseDouble(number);
      double seconds = switch (unit) {
        case 's' -> value;
        case 'm' -> value * 60;
        case 'h' -> value * 3600;
        case 'd' -> value * 86_400;
        default -> Character.isDigit(unit) ? value : Double.NaN;
      };
      if (Double.isFinite(seconds) && seconds > 0) {
        return Duration.ofMillis(Math.round(seconds * 1000));
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // reported below
    }
    throw new IllegalArgumentException("not a duration: '" + text + "' (try 90s, 10m, 2h, 1d)");
  }
}
