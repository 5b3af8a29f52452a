package dev.vigil.alert;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's presence message: topic {@code devices/{deviceId}/status}, payload {@code online} or
 * {@code offline} (case and surrounding white space ignored; the last will of a device is its
 * retained {@code offline}). Anything else parses to empty.
 */
public record StatusMessage(String deviceId, String status) {

  /** The subscription filter for every device's status topic. */
  public static final String TOPIC_FILTER = "devices/+/status";
  private static final Pattern TOPIC = Pattern.compile("devices/([A-Za-z0-9_.:-]{1,64})/status");

  public static Optional<StatusMessage> parse(String topic, String payload) {
    if (topic == null || payload == null) {
      return Optional.empty();
    }
    Matcher m = TOPIC.matcher(topic);
    String status = payload.trim().toLowerCase(Locale.ROOT);
    if (!m.matches() || !(status.equals("online") || status.equals("offline"))) {
      return Optional.empty();
    }
    return Optional.of(new StatusMessage(m.group(1), status));
  }
}
