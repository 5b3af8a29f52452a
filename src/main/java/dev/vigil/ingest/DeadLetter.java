package dev.vigil.ingest;

import java.time.Instant;

/**
 * A message Vigil refused, kept with the reason so that an operator can see what a device sent.
 *
 * @param receivedAt when it arrived
 * @param topic      the MQTT topic it came on
 * @param deviceId   the device the topic names, or null when the topic itself was bad
 * @param reason     a stable machine-readable reason ({@link Rejection.Reason} name in lower case)
 * @param detail     a human-readable explanation: which field, what was wrong
 * @param payload    the payload as text, cut to a bounded length
 */
public record DeadLetter(Instant receivedAt, String topic, String deviceId, String reason, String detail,
    String payload) {
}
