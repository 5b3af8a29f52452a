package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvTelemetryTest {

  private static final ZoneId UTC = ZoneOffset.UTC;

  @Test
  void readsANabFileRowWithItsTimestampAndValue() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("timestamp,value", null, null, List.of(), UTC);

    assertThat(csv.parse(2, "2013-12-02 21:15:00,73.96732207"))
        .isEqualTo(new CsvTelemetry.Row(2, Instant.parse("2013-12-02T21:15:00Z"), Map.of("value", 73.96732207)));
  }

  @Test
  void readsAPjmLoadRowWithItsDayFirstDashedTimestamp() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("Datetime,PJME_MW", null, null, List.of(), UTC);

    assertThat(csv.parse(2, "31-12-2002 01:00,26498"))
        .isEqualTo(new CsvTelemetry.Row(2, Instant.parse("2002-12-31T01:00:00Z"), Map.of("PJME_MW", 26498.0)));
  }

  @Test
  void readsASemicolonLogWithSplitDayFirstDateAndTimeColumns() {
    CsvTelemetry csv = CsvTelemetry.fromHeader(
        "Date;Time;Global_active_power;Global_reactive_power;Voltage;Sub_metering_1", null, null, List.of(), UTC);

    CsvTelemetry.Line line = csv.parse(2, "16/12/2006;17:24:00;4.216;0.418;234.840;0.000");

    assertThat(csv.separator()).isEqualTo(";");
    assertThat(line).isEqualTo(new CsvTelemetry.Row(2, Instant.parse("2006-12-16T17:24:00Z"), Map.of(
        "Global_active_power", 4.216, "Global_reactive_power", 0.418, "Voltage", 234.84, "Sub_metering_1", 0.0)));
  }

  @Test
  void leavesOutMissingValuesMarkedWithAQuestionMark() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("Date;Time;Voltage;Sub_metering_1", ";", null, List.of(), UTC);

    assertThat(csv.parse(5, "21/12/2006;11:23:00;?;1.0"))
        .isEqualTo(new CsvTelemetry.Row(5, Instant.parse("2006-12-21T11:23:00Z"), Map.of("Sub_metering_1", 1.0)));
  }

  @Test
  void reportsARowWithAnUnreadableTimestamp() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("timestamp,value", null, null, List.of(), UTC);

    assertThat(csv.parse(7, "yesterday,3.0")).isEqualTo(new CsvTelemetry.Rejected(7, "unreadable timestamp 'yesterday'"));
  }

  @Test
  void reportsARowWithNoNumericValue() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("Date;Time;Voltage", ";", null, List.of(), UTC);

    assertThat(csv.parse(9, "21/12/2006;11:23:00;?")).isEqualTo(new CsvTelemetry.Rejected(9, "no numeric value"));
  }

  @Test
  void reportsARowWithTooFewFields() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("timestamp,a,b", null, null, List.of(), UTC);

    assertThat(csv.parse(3, "2020-01-01 00:00:00,1")).isInstanceOf(CsvTelemetry.Rejected.class);
  }

  @Test
  void ignoresLabelAndTextColumns() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("timestamp,value,label,site", null, null, List.of("site"), UTC);

    assertThat(csv.metricNames()).containsExactly("value");
    assertThat(csv.parse(2, "2020-01-01T00:00:00Z,1.5,1,north"))
        .isEqualTo(new CsvTelemetry.Row(2, Instant.parse("2020-01-01T00:00:00Z"), Map.of("value", 1.5)));
  }

  @Test
  void skipsAColumnWhoseValueIsText() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("ts,temp,state", null, null, List.of(), UTC);

    assertThat(csv.parse(2, "1700000000,21.5,running"))
        .isEqualTo(new CsvTelemetry.Row(2, Instant.ofEpochSecond(1_700_000_000L), Map.of("temp", 21.5)));
  }

  @Test
  void readsDecimalCommasInSemicolonFilesAndOffsetsAndMillisecondEpochs() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("time;temp C", null, null, List.of(), UTC);

    assertThat(csv.metricNames()).containsExactly("temp_C");
    assertThat(csv.parse(2, "2024-05-01T10:00:00+02:00;21,5"))
        .isEqualTo(new CsvTelemetry.Row(2, Instant.parse("2024-05-01T08:00:00Z"), Map.of("temp_C", 21.5)));
    assertThat(csv.parse(3, "1714550400000;22"))
        .isEqualTo(new CsvTelemetry.Row(3, Instant.ofEpochMilli(1_714_550_400_000L), Map.of("temp_C", 22.0)));
  }

  @Test
  void joinsTwoNamedTimeColumnsAndHonoursTheZone() {
    CsvTelemetry csv = CsvTelemetry.fromHeader("day,clock,v", ",", "day+clock", List.of(), ZoneId.of("Europe/Paris"));

    assertThat(csv.parse(2, "2024-01-15,08:30:00,1")).isEqualTo(
        new CsvTelemetry.Row(2, Instant.parse("2024-01-15T07:30:00Z"), Map.of("v", 1.0)));
  }

  @Test
  void refusesAHeaderWithoutATimeColumn() {
    assertThatThrownBy(() -> CsvTelemetry.fromHeader("a,b", null, null, List.of(), UTC))
        .hasMessageContaining("--time-column");
  }

  @Test
  void parsesReplaySpeeds() {
    assertThat(Replay.parseSpeed("max")).isZero();
    assertThat(Replay.parseSpeed("60x")).isEqualTo(60.0);
    assertThatThrownBy(() -> Replay.parseSpeed("-2x")).isInstanceOf(IllegalArgumentException.class);
  }
}
