package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.vigil.ingest.Rejection.Reason;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The wire contract (docs/wire-contract.md) as one pure function: a topic, the payload bytes and the
 * arrival time become either readings or a named {@link Rejection}. It never throws, whatever the bytes.
 */
public final class TelemetryParser {

  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  public static final int MAX_READINGS = 1000;
  /** Deepest nesting accepted; the contract itself needs 3 (array, reading, metrics). */
  static final int MAX_DEPTH = 8;

  private static final String TOPIC_HEAD = "devices/";
  private static final String TOPIC_TAIL = "/telemetry";
  // Non-numeric numbers (NaN, Infinity) are read so that they can be refused by name, not as bad JSON.
  // The fast double parser (shaded in jackson-core) rounds exactly as Double.parseDouble does and was the
  // largest share of parsing in a 30-metric profile (docs/benchmarks.md).
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(400).build())
      .build();

  private TelemetryParser() {
  }

  /** Parses one message; {@code receivedAt} stands in for a missing {@code ts} and bounds the future. */
  public static ParseResult parse(String topic, byte[] payload, Instant receivedAt) {
    return parse(topic, payload, payload.length, receivedAt);
  }

  /**
   * Parses one message of which only the first bytes may be at hand: a payload of {@code length} bytes
   * over the limit is refused as {@code too_large} from its {@code head} alone.
   */
  public static ParseResult parse(String topic, byte[] head, int length, Instant receivedAt) {
    String deviceId = deviceIdOf(topic);
    if (deviceId == null) {
      return new ParseResult.Rejected(null, new Rejection(Reason.BAD_TOPIC,
          "topic '" + topic + "' is not devices/{deviceId}/telemetry with deviceId [A-Za-z0-9_.:-]{1,64}"));
    }
    if (length > MAX_PAYLOAD_BYTES) {
      return new ParseResult.Rejected(deviceId, new Rejection(Reason.TOO_LARGE,
          "payload is " + length + " bytes, the limit is " + MAX_PAYLOAD_BYTES));
    }
    try {
      return new ParseResult.Accepted(deviceId, parsePayload(deviceId, head, receivedAt));
    } catch (RejectedException e) {
      return new ParseResult.Rejected(deviceId, e.rejection);
    } catch (IOException | RuntimeException e) {
      return new ParseResult.Rejected(deviceId, new Rejection(Reason.NOT_JSON, "unreadable JSON: " + e.getMessage()));
    }
  }

  /**
   * The device id of a telemetry topic, or null when the topic is not {@code devices/{deviceId}/telemetry}
   * with deviceId {@code [A-Za-z0-9_.:-]{1,64}}. Checked by hand: a regular expression per message cost
   * more than the rest of the topic handling.
   */
  static String deviceIdOf(String topic) {
    if (topic == null || !topic.startsWith(TOPIC_HEAD) || !topic.endsWith(TOPIC_TAIL)) {
      return null;
    }
    int end = topic.length() - TOPIC_TAIL.length();
    int length = end - TOPIC_HEAD.length();
    if (length < 1 || length > 64) {
      return null;
    }
    for (int i = TOPIC_HEAD.length(); i < end; i++) {
      char c = topic.charAt(i);
      if (!(isNameChar(c) || c == ':')) {
        return null;
      }
    }
    return topic.substring(TOPIC_HEAD.length(), end);
  }

  /** {@code [A-Za-z0-9_.-]}: the characters of metric names (device ids also allow {@code :}). */
  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
        || c == '-';
  }

  /**
   * Reads the JSON straight from the bytes (no text copy): UTF-8 is checked first, in one pass that is
   * nearly free for ASCII, so bad UTF-8 is still refused as such rather than as bad JSON.
   */
  private static List<Reading> parsePayload(String deviceId, byte[] payload, Instant receivedAt) throws IOException {
    if (!Utf8.isValid(payload)) {
      throw reject(Reason.NOT_UTF8, "payload is not valid UTF-8");
    }
    int start = Utf8.startsWithBom(payload) ? 3 : 0;
    if (Utf8.isBlank(payload, start)) {
      throw reject(Reason.NOT_JSON, "payload is empty");
    }
    ReadingReader readingReader = new ReadingReader(deviceId, receivedAt);
    try (JsonParser p = JSON.createParser(payload, start, payload.length - start)) {
      List<Reading> readings = readTopLevel(p, readingReader);
      if (p.nextToken() != null) {
        throw reject(Reason.NOT_JSON, "unexpected content after the JSON value");
      }
      return readings;
    }
  }

  private static List<Reading> readTopLevel(JsonParser p, ReadingReader readingReader) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.START_OBJECT) {
      return List.of(readingReader.read(p, ""));
    }
    if (first != JsonToken.START_ARRAY) {
      throw reject(Reason.NOT_AN_OBJECT, "payload must be a JSON object or an array of objects, was " + first);
    }
    List<Reading> readings = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      String where = "readings[" + readings.size() + "]";
      if (readings.size() == MAX_READINGS) {
        throw reject(Reason.TOO_MANY_READINGS, "more than " + MAX_READINGS + " readings in one message");
      }
      if (t != JsonToken.START_OBJECT) {
        throw reject(Reason.NOT_AN_OBJECT, where + " must be a JSON object, was " + t);
      }
      Reading reading = readingReader.read(p, where + ".");
      if (!keys.add(reading.ts() + "#" + reading.seq())) {
        throw reject(Reason.DUPLICATE_READING, where + " has the same ts and seq as an earlier reading;"
            + " give each reading its own ts or seq");
      }
      readings.add(reading);
    }
    if (readings.isEmpty()) {
      throw reject(Reason.NO_READINGS, "the array holds no readings");
    }
    return readings;
  }

  static RejectedException reject(Reason reason, String detail) {
    return new RejectedException(new Rejection(reason, detail));
  }

  /** Unwinds the parse to {@link #parse}: the one way out of a refused message. Never escapes this package. */
  static final class RejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Rejection rejection;

    RejectedException(Rejection rejection) {
      super(rejection.detail(), null, false, false);
      this.rejection = rejection;
    }
  }
}
