package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingWriterTest {

  @Test
  void utcGivesTheSameTimeAsTheZoneRulesWouldToTheNanosecond() {
    for (Instant instant : List.of(Instant.EPOCH, Instant.parse("2026-12-01T23:59:59.999999999Z"),
        Instant.parse("1969-12-31T23:59:59.000000001Z"), Instant.parse("2014-04-10T07:15:00.123456Z"),
        Instant.ofEpochMilli(1_796_167_055_406L))) {
      OffsetDateTime expected = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
      assertThat(ReadingWriter.utc(instant)).isEqualTo(expected);
      assertThat(ReadingWriter.utc(instant).toInstant()).isEqualTo(instant);
    }
  }
}
