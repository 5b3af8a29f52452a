package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {

  private static Instant fast(String text) {
    return IsoTimestamps.parseCommon(text.toCharArray(), 0, text.length());
  }

  private static Instant formatter(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void readsTheCommonShapesAsTheFormatterDoes() {
    Random random = new Random(7);
    String[] offsets = {"Z", "+01:00", "-05:30", "+14:00", "-12:00"};
    for (int i = 0; i < 20_000; i++) {
      long second = 946_684_800L + (long) (random.nextDouble() * 4_000_000_000L);
      int nanos = random.nextInt(1_000_000_000);
      String offset = offsets[random.nextInt(offsets.length)];
      ZoneOffset zone = offset.equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset);
      String local = OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, nanos), zone).toLocalDateTime().toString();
      String text = (local.length() == 16 ? local + ":00" : local) + offset;
      assertThat(fast(text)).as(text).isNotNull().isEqualTo(formatter(text));
    }
  }

  @Test
  void leavesEveryOtherShapeToTheFormatter() {
    List<String> others = List.of("2025-01-31t12:00:00Z", "2025-01-31T12:00Z", "2025-02-29T12:00:00Z",
        "2024-02-30T12:00:00Z", "2025-01-31T24:00:00Z", "2025-01-31T12:00:60Z", "2025-01-31T12:00:00",
        "2025-01-31T12:00:00.Z", "2025-01-31T12:00:00.1234567891Z", "2025-01-31T12:00:00+0100",
        "2025-01-31T12:00:00+19:00", "2025-01-31T12:00:00z", "2025-13-01T12:00:00Z", "20x5-01-31T12:00:00Z",
        "2025-01-31T12:00:00+01:00:30", "2025-01-31 12:00:00Z");
    for (String text : others) {
      assertThat(fast(text)).as(text).isNull();
    }
  }

  @Test
  void readsLeapDaysAndFractionsOfAnyLength() {
    assertThat(fast("2024-02-29T23:59:59.5+01:00")).isEqualTo(Instant.parse("2024-02-29T22:59:59.500Z"));
    assertThat(fast("2000-01-01T00:00:00.000000001Z")).isEqualTo(Instant.parse("2000-01-01T00:00:00.000000001Z"));
  }
}
