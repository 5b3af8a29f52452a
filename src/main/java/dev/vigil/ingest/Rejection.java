package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Why a telemetry message was refused: a stable reason (counted per reason, kept in the dead-letter
 * table) and a human detail that names the offending field. The device is at fault, never Vigil.
 *
 * @param reason what rule the message broke
 * @param detail which field, and what was wrong with it
 */
public record Rejection(Reason reason, String detail) {

  /** Longest payload text kept in a dead letter; enough to see what the device sent. */
  public static final int MAX_KEPT_PAYLOAD_CHARS = 4096;
  private static final int MAX_DETAIL_CHARS = 512;

  /**
   * Every reason a message is dead-lettered for: each way it can break the wire contract (docs/wire-contract.md),
   * and {@link #DEVICE_LIMIT}, a well-formed reading of a device the instance has no place for (scoring's
   * {@code DeviceLimit}). The one list: the dead-letter API, the dashboard's filter and the metrics use it.
   */
  public enum Reason {
    BAD_TOPIC, TOO_LARGE, NOT_UTF8, NOT_JSON, TOO_DEEP, DUPLICATE_KEY, NOT_AN_OBJECT, NO_READINGS,
    TOO_MANY_READINGS, DUPLICATE_READING, NO_METRICS, TOO_MANY_METRICS, BAD_METRIC_NAME, NOT_A_NUMBER,
    NON_FINITE_VALUE, BAD_TIMESTAMP, TIMESTAMP_OUT_OF_RANGE, BAD_SEQ, BAD_UNIT, DEVICE_LIMIT;

    /** False for the one reason that is not the message's fault: {@link #DEVICE_LIMIT}. */
    public boolean breaksWireContract() {
      return this != DEVICE_LIMIT;
    }

    /** The stable name stored and used as a metric tag: lower case, e.g. {@code not_json}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The reason in words, for a person reading the dashboard or the log (docs/wire-contract.md). */
    public String words() {
      return switch (this) {
        case BAD_TOPIC -> "topic is not devices/{deviceId}/telemetry";
        case TOO_LARGE -> "payload larger than 64 KiB";
        case NOT_UTF8 -> "payload is not UTF-8 text";
        case NOT_JSON -> "payload is not valid JSON";
        case TOO_DEEP -> "JSON nested too deep";
        case DUPLICATE_KEY -> "a key appears twice";
        case NOT_AN_OBJECT -> "not a JSON object of readings";
        case NO_READINGS -> "an empty array of readings";
        case TOO_MANY_READINGS -> "more than 1000 readings in one message";
        case DUPLICATE_READING -> "two readings with the same ts and seq";
        case NO_METRICS -> "no metric with a number value (a quoted \"21\" is text)";
        case TOO_MANY_METRICS -> "more than 64 metrics in one reading";
        case BAD_METRIC_NAME -> "a metric name with characters not allowed";
        case NOT_A_NUMBER -> "a metric value is not a number (quoted, null, object or array)";
        case NON_FINITE_VALUE -> "a metric value is NaN or infinite";
        case BAD_TIMESTAMP -> "ts is not an ISO-8601 time or epoch milliseconds";
        case TIMESTAMP_OUT_OF_RANGE -> "ts is far in the past or future (epoch seconds?)";
        case BAD_SEQ -> "seq is not a whole number from 0";
        case BAD_UNIT -> "a declared unit is not a short text naming a metric of the reading";
        case DEVICE_LIMIT -> "this instance scores as many devices as it may (scoring.devices.max)";
      };
    }

    /** The reason whose {@link #code()} is {@code code}, if any. */
    public static java.util.Optional<Reason> ofCode(String code) {
      for (Reason r : values()) {
        if (r.code().equals(code)) {
          return java.util.Optional.of(r);
        }
      }
      return java.util.Optional.empty();
    }
  }

  public Rejection {
    detail = printable(detail, MAX_DETAIL_CHARS);
  }

  /** The dead letter that keeps this rejection with what the device sent. */
  public DeadLetter toDeadLetter(String topic, String deviceId, byte[] payload, Instant receivedAt) {
    return toDeadLetter(topic, deviceId, payload, payload.length, receivedAt, false);
  }

  /**
   * The dead letter of a message of {@code length} bytes of which {@code head} are at hand; {@code redelivered}
   * when the broker marked it as a repeat.
   */
  public DeadLetter toDeadLetter(String topic, String deviceId, byte[] head, int length, Instant receivedAt,
      boolean redelivered) {
    return new DeadLetter(receivedAt, printable(topic, 1024), deviceId, reason.code(), detail, head, length,
        redelivered);
  }

  /**
   * Text safe to store and log: cut to {@code max} characters, control characters (NUL included,
   * which PostgreSQL text refuses) shown as \\uXXXX escapes.
   */
  static String printable(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        appendEscaped(out, c);
      } else {
        out.append(c);
      }
    }
    if (out.length() >= max && text.length() > max) {
      out.append('…');
    }
    return out.toString();
  }

  /** {@code \\u0000} for NUL and the like; by hand, as a random-bytes flood has thousands per message. */
  private static void appendEscaped(StringBuilder out, char c) {
    out.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((c >> shift) & 0xF, 16));
    }
  }
}
