package dev.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A message Vigil refused, kept with the reason so that an operator can see what a device sent.
 * The payload's text and fingerprint are computed only when asked for: in a flood almost every letter is
 * only counted in a summary row, and building their text was most of the cost of refusing a message.
 *
 * @param receivedAt  when it arrived
 * @param topic       the MQTT topic it came on
 * @param deviceId    the device the topic names, or null when the topic itself was bad
 * @param reason      a stable machine-readable reason ({@link Rejection.Reason} name in lower case)
 * @param detail      a human-readable explanation: which field, what was wrong
 * @param head        the payload's bytes at hand (for an oversized message, only its first bytes); not copied
 * @param length      the payload's whole length
 * @param redelivered the broker marked the delivery as a repeat (MQTT DUP): not counted again if already kept
 */
public record DeadLetter(Instant receivedAt, String topic, String deviceId, String reason, String detail,
    byte[] head, int length, boolean redelivered) {

  /** A first delivery whose payload is already text (for letters made outside the MQTT path). */
  public DeadLetter(Instant receivedAt, String topic, String deviceId, String reason, String detail, String payload) {
    this(receivedAt, topic, deviceId, reason, detail, payload.getBytes(StandardCharsets.UTF_8), payload.length(),
        false);
  }

  /** The payload as text safe to store and show, cut to {@link Rejection#MAX_KEPT_PAYLOAD_CHARS}; computed per call. */
  public String payload() {
    int bytes = Math.min(head.length, Rejection.MAX_KEPT_PAYLOAD_CHARS * 4);
    return Rejection.printable(new String(head, 0, bytes, StandardCharsets.UTF_8), Rejection.MAX_KEPT_PAYLOAD_CHARS);
  }

  /**
   * SHA-256 of topic, length and payload bytes, so that a redelivery or a repeat lands on the same row;
   * computed per call.
   */
  public String fingerprint() {
    return fingerprint(topic, head, length);
  }

  /** Identifies a message by what the device sent, so that a redelivery or a repeat lands on the same row. */
  public static String fingerprint(String topic, byte[] head, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(String.valueOf(topic).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
      sha.update((byte) 0);
      sha.update(head);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
