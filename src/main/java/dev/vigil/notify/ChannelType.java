package dev.vigil.notify;

import java.util.Locale;
import java.util.Optional;

/** How a channel reaches a person; {@link #wire()} is the name in JSON and the database. */
public enum ChannelType {
  /** An email over SMTP to one or more addresses. */
  EMAIL,
  /** An HTTP POST of a JSON document with the alert to any URL. */
  WEBHOOK,
  /** An HTTP POST of {@code {"text": ...}} to a Slack (or Mattermost, Rocket.Chat...) incoming webhook. */
  SLACK,
  /** An HTTP POST of the text to an ntfy topic URL, with title, priority and tags in headers. */
  NTFY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ChannelType> parse(String text) {
    for (ChannelType t : values()) {
      if (t.wire().equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
