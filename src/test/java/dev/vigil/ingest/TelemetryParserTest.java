package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Rejection.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryParserTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String TOPIC = "devices/kitchen-1/telemetry";

  private static ParseResult parse(String payload) {
    return TelemetryParser.parse(TOPIC, payload.getBytes(StandardCharsets.UTF_8), NOW);
  }

  private static List<Reading> accepted(String payload) {
    ParseResult result = parse(payload);
    assertThat(result).as("%s", result).isInstanceOf(ParseResult.Accepted.class);
    return ((ParseResult.Accepted) result).readings();
  }

  private static Rejection rejected(ParseResult result, Reason reason) {
    assertThat(result).as("%s", result).isInstanceOf(ParseResult.Rejected.class);
    Rejection rejection = ((ParseResult.Rejected) result).rejection();
    assertThat(rejection.reason()).as(rejection.detail()).isEqualTo(reason);
    return rejection;
  }

  private static Rejection rejected(String payload, Reason reason) {
    return rejected(parse(payload), reason);
  }

  // --- good shapes ---

  @Test
  void countsEachReadingOfABatchAndARefusedMessageAsOneDeadLetter() {
    assertThat(parse("[{\"seq\":1,\"t\":1},{\"seq\":2,\"t\":2},{\"seq\":3,\"t\":3}]").itemCount())
        .isEqualTo(3);
    assertThat(parse("{\"t\":1}").itemCount()).isEqualTo(1);
    assertThat(parse("not json").itemCount()).isEqualTo(1);
  }

  @Test
  void acceptsTheMetricsFormWithIsoTimestampAndSeq() {
    Reading r = accepted("{\"ts\":\"2025-06-01T11:59:00Z\",\"seq\":42,\"metrics\":{\"power_w\":512.3}}").get(0);
    assertThat(r.deviceId()).isEqualTo("kitchen-1");
    assertThat(r.ts()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
    assertThat(r.seq()).isEqualTo(42);
    assertThat(r.metrics()).isEqualTo(Map.of("power_w", 512.3));
    assertThat(r.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void acceptsEpochMillisecondsAndIsoTimestampsWithAnOffset() {
    assertThat(accepted("{\"ts\":1748779140000,\"metrics\":{\"t\":1}}").get(0).ts())
        .isEqualTo(Instant.ofEpochMilli(1748779140000L));
    assertThat(accepted("{\"ts\":\"2025-06-01T13:59:00.250+02:00\",\"metrics\":{\"t\":1}}").get(0).ts())
        .isEqualTo(Instant.parse("2025-06-01T11:59:00.250Z"));
  }

  @Test
  void usesTheArrivalTimeAndSeqZeroWhenTheDeviceSendsNeither() {
    Reading r = accepted("{\"metrics\":{\"power_w\":5400}}").get(0);
    assertThat(r.ts()).isEqualTo(NOW);
    assertThat(r.seq()).isZero();
  }

  @Test
  void readsNumericFieldsOfAFlatObjectAsMetricsAndIgnoresTheRest() {
    Reading r = accepted("{\"temperature\":22,\"humidity\":50.5,\"fw\":\"1.2.3\",\"loc\":{\"room\":\"k\"},"
        + "\"tags\":[1,2],\"note\":null,\"seq\":3}").get(0);
    assertThat(r.metrics()).isEqualTo(Map.of("temperature", 22.0, "humidity", 50.5));
    assertThat(r.seq()).isEqualTo(3);
  }

  @Test
  void readsEveryNumberToExactlyTheDoubleTheJdkReads() {
    // Values are stored and scored as read; the parser's fast path must round as Double.parseDouble does.
    java.util.Random random = new java.util.Random(11);
    List<String> texts = new java.util.ArrayList<>(List.of("0.1", "230.00000000000003", "1e-320", "2.2250738585072014E-308",
        "4.9e-324", "1.7976931348623157e308", "9007199254740993", "0.30000000000000004", "-0.0", "123456789012345678901234567890"));
    for (int i = 0; i < 2_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(value)) {
        texts.add(Double.toString(value));
      }
      texts.add(String.format(java.util.Locale.ROOT, "%.17f", random.nextDouble() * 1000));
      texts.add(new java.math.BigDecimal(random.nextGaussian()).toPlainString().substring(0, 25));
    }
    for (String text : texts) {
      double read = accepted("{\"metrics\":{\"v\":" + text + "}}").get(0).metrics().get("v");
      assertThat(Double.doubleToRawLongBits(read)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }
  }

  @Test
  void readsBooleansAsOneAndZero() {
    assertThat(accepted("{\"metrics\":{\"door_open\":true,\"relay\":false}}").get(0).metrics())
        .isEqualTo(Map.of("door_open", 1.0, "relay", 0.0));
    assertThat(accepted("{\"motion\":true}").get(0).metrics()).isEqualTo(Map.of("motion", 1.0));
  }

  @Test
  void ignoresTopLevelFieldsBesideMetricsInTheMetricsForm() {
    assertThat(accepted("{\"rssi\":-60,\"fw\":\"2\",\"metrics\":{\"t\":1}}").get(0).metrics())
        .isEqualTo(Map.of("t", 1.0));
  }

  @Test
  void acceptsAnArrayOfEitherFormInOrder() {
    List<Reading> readings = accepted("[{\"seq\":1,\"metrics\":{\"t\":1}},{\"seq\":2,\"t\":2},"
        + "{\"ts\":1748779140000,\"t\":3}]");
    assertThat(readings).extracting(Reading::seq).containsExactly(1L, 2L, 0L);
    assertThat(readings).extracting(r -> r.metrics().get("t")).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void acceptsTheLargestAllowedMessage() {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < ReadingReader.MAX_METRICS; i++) {
      metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    assertThat(accepted("{\"metrics\":{" + metrics + "}}").get(0).metrics()).hasSize(ReadingReader.MAX_METRICS);
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < TelemetryParser.MAX_READINGS; i++) {
      array.append(i == 0 ? "" : ",").append("{\"seq\":").append(i).append(",\"t\":1}");
    }
    assertThat(accepted(array + "]")).hasSize(TelemetryParser.MAX_READINGS);
  }

  @Test
  void acceptsAUtf8ByteOrderMarkAndSurroundingWhitespace() {
    assertThat(accepted("\uFEFF \n{\"t\":1}\n")).hasSize(1);
  }

  // --- topic ---

  @Test
  void rejectsATopicThatIsNotDeviceTelemetry() {
    ParseResult result = TelemetryParser.parse("devices/kitchen-1/status", "{\"t\":1}".getBytes(), NOW);
    rejected(result, Reason.BAD_TOPIC);
    assertThat(result.deviceId()).isNull();
  }

  @Test
  void rejectsADeviceIdWithForbiddenCharactersOrTooLong() {
    rejected(TelemetryParser.parse("devices/kit chen/telemetry", "{\"t\":1}".getBytes(), NOW), Reason.BAD_TOPIC);
    rejected(TelemetryParser.parse("devices/" + "a".repeat(65) + "/telemetry", "{\"t\":1}".getBytes(), NOW),
        Reason.BAD_TOPIC);
    rejected(TelemetryParser.parse(null, "{\"t\":1}".getBytes(), NOW), Reason.BAD_TOPIC);
  }

  // --- bytes and JSON ---

  @Test
  void rejectsAPayloadOver64KiB() {
    String big = "{\"t\":1,\"pad\":\"" + "x".repeat(TelemetryParser.MAX_PAYLOAD_BYTES) + "\"}";
    rejected(big, Reason.TOO_LARGE);
  }

  @Test
  void rejectsAnOversizedPayloadFromItsHeadAloneNamingItsFullLength() {
    byte[] head = "{\"t\":1}".getBytes(StandardCharsets.UTF_8);
    Rejection rejection = rejected(TelemetryParser.parse(TOPIC, head, 16 * 1024 * 1024, NOW), Reason.TOO_LARGE);
    assertThat(rejection.detail()).contains("16777216 bytes");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 = "{\"temp\u00e9rature\":1}".getBytes(StandardCharsets.ISO_8859_1);
    rejected(TelemetryParser.parse(TOPIC, latin1, NOW), Reason.NOT_UTF8);
  }

  @Test
  void rejectsAnEmptyPayload() {
    rejected("", Reason.NOT_JSON);
  }

  @Test
  void rejectsMalformedJson() {
    rejected("{\"t\":1", Reason.NOT_JSON);
    rejected("power=5", Reason.NOT_JSON);
  }

  @Test
  void rejectsContentAfterTheJsonValue() {
    rejected("{\"t\":1}{\"t\":2}", Reason.NOT_JSON);
  }

  @Test
  void rejectsDeepNesting() {
    rejected("{\"t\":1,\"x\":" + "[".repeat(50) + "]".repeat(50) + "}", Reason.TOO_DEEP);
  }

  @Test
  void rejectsExtremeNestingWithoutStackOverflow() {
    rejected("{\"x\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}", Reason.TOO_DEEP);
    rejected("[" .repeat(30_000) + "]".repeat(30_000), Reason.NOT_AN_OBJECT);
  }

  @Test
  void rejectsADuplicateTopLevelKey() {
    rejected("{\"ts\":1748779140000,\"ts\":1748779140001,\"t\":1}", Reason.DUPLICATE_KEY);
  }

  @Test
  void rejectsADuplicateMetricName() {
    rejected("{\"metrics\":{\"t\":1,\"t\":2}}", Reason.DUPLICATE_KEY);
  }

  @Test
  void rejectsAPayloadThatIsNotAnObjectOrArray() {
    rejected("42", Reason.NOT_AN_OBJECT);
    rejected("\"hello\"", Reason.NOT_AN_OBJECT);
  }

  @Test
  void rejectsAnArrayElementThatIsNotAnObject() {
    assertThat(rejected("[{\"t\":1},5]", Reason.NOT_AN_OBJECT).detail()).contains("readings[1]");
  }

  @Test
  void rejectsMetricsThatIsNotAnObject() {
    rejected("{\"metrics\":[1,2]}", Reason.NOT_AN_OBJECT);
  }

  // --- readings and metrics ---

  @Test
  void rejectsAnEmptyArray() {
    rejected("[]", Reason.NO_READINGS);
  }

  @Test
  void rejectsMoreThanAThousandReadings() {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i <= TelemetryParser.MAX_READINGS; i++) {
      array.append(i == 0 ? "" : ",").append("{\"seq\":").append(i).append(",\"t\":1}");
    }
    rejected(array + "]", Reason.TOO_MANY_READINGS);
  }

  @Test
  void rejectsTwoReadingsOfOneMessageWithTheSameTimestampAndSeq() {
    assertThat(rejected("[{\"t\":1},{\"t\":2}]", Reason.DUPLICATE_READING).detail()).contains("readings[1]");
  }

  @Test
  void rejectsAnEmptyMetricsObject() {
    rejected("{\"metrics\":{}}", Reason.NO_METRICS);
  }

  @Test
  void rejectsAFlatObjectWithoutNumericFields() {
    rejected("{\"fw\":\"1.0\",\"seq\":1}", Reason.NO_METRICS);
  }

  @Test
  void rejectsMoreThan64Metrics() {
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i <= ReadingReader.MAX_METRICS; i++) {
      metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    rejected("{\"metrics\":{" + metrics + "}}", Reason.TOO_MANY_METRICS);
    rejected("{" + metrics + "}", Reason.TOO_MANY_METRICS);
  }

  @Test
  void rejectsAMetricNameWithForbiddenCharacters() {
    assertThat(rejected("{\"metrics\":{\"power w\":1}}", Reason.BAD_METRIC_NAME).detail()).contains("power w");
    rejected("{\"temp/c\":1}", Reason.BAD_METRIC_NAME);
    rejected("{\"metrics\":{\"\":1}}", Reason.BAD_METRIC_NAME);
  }

  @Test
  void rejectsANumberInQuotes() {
    assertThat(rejected("{\"metrics\":{\"power_w\":\"512\"}}", Reason.NOT_A_NUMBER).detail()).contains("power_w");
  }

  @Test
  void rejectsTheStringNaNAsNotANumber() {
    rejected("{\"metrics\":{\"t\":\"NaN\"}}", Reason.NOT_A_NUMBER);
  }

  @Test
  void rejectsNullObjectOrArrayAsAMetricValue() {
    rejected("{\"metrics\":{\"t\":null}}", Reason.NOT_A_NUMBER);
    rejected("{\"metrics\":{\"t\":{\"v\":1}}}", Reason.NOT_A_NUMBER);
    rejected("{\"metrics\":{\"t\":[1]}}", Reason.NOT_A_NUMBER);
  }

  @Test
  void rejectsBareNaNAndInfinityAsNonFinite() {
    assertThat(rejected("{\"metrics\":{\"t\":NaN}}", Reason.NON_FINITE_VALUE).detail()).contains("'t'");
    rejected("{\"t\":Infinity}", Reason.NON_FINITE_VALUE);
    rejected("{\"t\":-Infinity}", Reason.NON_FINITE_VALUE);
  }

  @Test
  void rejectsANumberBeyondTheDoubleRangeAsNonFinite() {
    rejected("{\"metrics\":{\"t\":1e400}}", Reason.NON_FINITE_VALUE);
    rejected("{\"t\":" + "9".repeat(350) + "}", Reason.NON_FINITE_VALUE);
  }

  @Test
  void rejectsANumberWithAbsurdlyManyDigits() {
    rejected("{\"t\":" + "9".repeat(5000) + "}", Reason.NOT_JSON);
  }

  // --- ts and seq ---

  @Test
  void rejectsATimestampThatIsNotIso8601() {
    rejected("{\"ts\":\"yesterday\",\"t\":1}", Reason.BAD_TIMESTAMP);
  }

  @Test
  void rejectsAnIsoTimestampWithoutAnOffset() {
    rejected("{\"ts\":\"2025-06-01T12:00:00\",\"t\":1}", Reason.BAD_TIMESTAMP);
  }

  @Test
  void rejectsAFractionalEpochTimestamp() {
    rejected("{\"ts\":1748779140000.5,\"t\":1}", Reason.BAD_TIMESTAMP);
  }

  @Test
  void rejectsATimestampOfTheWrongType() {
    rejected("{\"ts\":null,\"t\":1}", Reason.BAD_TIMESTAMP);
    rejected("{\"ts\":true,\"t\":1}", Reason.BAD_TIMESTAMP);
  }

  @Test
  void rejectsATimestampMoreThanADayInTheFuture() {
    rejected("{\"ts\":\"2025-06-02T12:00:01Z\",\"t\":1}", Reason.TIMESTAMP_OUT_OF_RANGE);
  }

  @Test
  void rejectsATimestampBefore2000() {
    rejected("{\"ts\":0,\"t\":1}", Reason.TIMESTAMP_OUT_OF_RANGE);
    rejected("{\"ts\":\"1970-01-01T00:00:00Z\",\"t\":1}", Reason.TIMESTAMP_OUT_OF_RANGE);
  }

  @Test
  void rejectsEpochSecondsWithAHint() {
    assertThat(rejected("{\"ts\":1748779140,\"t\":1}", Reason.TIMESTAMP_OUT_OF_RANGE).detail())
        .contains("epoch seconds");
  }

  @Test
  void rejectsAnEpochTimestampBeyondALong() {
    rejected("{\"ts\":99999999999999999999999,\"t\":1}", Reason.TIMESTAMP_OUT_OF_RANGE);
  }

  @Test
  void rejectsANegativeSeq() {
    rejected("{\"seq\":-1,\"t\":1}", Reason.BAD_SEQ);
  }

  @Test
  void rejectsASeqThatIsNotAWholeNumber() {
    rejected("{\"seq\":1.5,\"t\":1}", Reason.BAD_SEQ);
    rejected("{\"seq\":\"7\",\"t\":1}", Reason.BAD_SEQ);
    rejected("{\"seq\":99999999999999999999999,\"t\":1}", Reason.BAD_SEQ);
  }

  // --- dead letters ---

  @Test
  void keepsARejectedPayloadAsStorableText() {
    byte[] payload = "{\"t\":\"\u0000x\"}".getBytes(StandardCharsets.UTF_8);
    Rejection rejection = new Rejection(Reason.NOT_A_NUMBER, "field '\u0000'");
    DeadLetter letter = rejection.toDeadLetter(TOPIC, "kitchen-1", payload, NOW);
    assertThat(letter.payload()).doesNotContain("\u0000").contains("\\u0000");
    assertThat(letter.detail()).doesNotContain("\u0000");
    assertThat(letter.reason()).isEqualTo("not_a_number");
  }

  @Test
  void cutsALongRejectedPayload() {
    byte[] payload = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
    DeadLetter letter = new Rejection(Reason.TOO_LARGE, "big").toDeadLetter(TOPIC, "kitchen-1", payload, NOW);
    assertThat(letter.payload().length()).isLessThanOrEqualTo(Rejection.MAX_KEPT_PAYLOAD_CHARS + 1);
  }

  @Test
  void neverThrowsOnArbitraryBytes() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      assertThat(TelemetryParser.parse(TOPIC, bytes, NOW)).isNotNull();
    }
  }

  @Test
  void keepsTheUnitsADeviceDeclaresForItsMetrics() {
    Reading r = accepted("{\"metrics\":{\"flow\":3.5,\"power_w\":10},\"units\":{\"flow\":\"m³/h\"}}").get(0);
    assertThat(r.units()).containsExactly(java.util.Map.entry("flow", "m³/h"));

    Reading flat = accepted("{\"flow\":3.5,\"units\":{\"flow\":\"L/min\"}}").get(0);
    assertThat(flat.metrics()).containsOnlyKeys("flow");
    assertThat(flat.units()).containsEntry("flow", "L/min");
  }

  @Test
  void readsAUnitsFieldThatIsNoObjectAsItWasReadBeforeUnitsExisted() {
    assertThat(accepted("{\"units\":5,\"t\":1}").get(0).metrics()).containsOnlyKeys("units", "t");
    assertThat(accepted("{\"units\":\"metric\",\"t\":1}").get(0).units()).isEmpty();
  }

  @Test
  void refusesAUnitThatIsNoShortTextOrNamesNoMetricOfTheReading() {
    assertThat(rejected("{\"metrics\":{\"t\":1},\"units\":{\"t\":5}}", Reason.BAD_UNIT).detail())
        .contains("units.'t'").contains("must be a string");
    assertThat(rejected("{\"metrics\":{\"t\":1},\"units\":{\"t\":\"" + "x".repeat(17) + "\"}}", Reason.BAD_UNIT)
        .detail()).contains("1 to 16 printable characters");
    assertThat(rejected("{\"metrics\":{\"t\":1},\"units\":{\"t\":\" \"}}", Reason.BAD_UNIT)).isNotNull();
    assertThat(rejected("{\"metrics\":{\"t\":1},\"units\":{\"temp\":\"°C\"}}", Reason.BAD_UNIT).detail())
        .contains("'temp' names no metric of this reading");
  }
}
