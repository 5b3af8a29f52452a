package dev.vigil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.alert.Alert;
import dev.vigil.energy.EnergyBucket;
import dev.vigil.energy.EnergyLookup;
import dev.vigil.energy.EnergyReport;
import dev.vigil.energy.InvalidEnergyInput;
import dev.vigil.energy.MeteredDevice;
import dev.vigil.energy.MinuteRow;
import dev.vigil.energy.PowerIntegrator;
import dev.vigil.energy.Tariff;
import dev.vigil.forecast.UnusualDay;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * A site's report over Monday 2024-05-06 (UTC, flat 0.30 a kWh): a 2,000 W boiler and a 500 W lamp all day, a
 * 1,000 W solar inverter producing; an alert on the boiler live from 10:00 to 12:00; the boiler's day 48 kWh
 * against a forecast of 30 (25 to 35), so unusual. The report's figures come from the energy report's JSON,
 * built as /api/energy builds it.
 */
class SiteReportTest {

  static final Instant FROM = Instant.parse("2024-05-06T00:00:00Z");
  static final Instant TO = Instant.parse("2024-05-07T00:00:00Z");

  static SiteReport report() {
    List<MeteredDevice> devices = List.of(device("boiler", 2000, false), device("lamp", 500, false),
        device("solar", 1000, true));
    long from = FROM.getEpochSecond();
    long to = TO.getEpochSecond();
    JsonObject json = new EnergyReport(devices, from, to, to).toJson(EnergyBucket.HOUR, ZoneOffset.UTC);
    UnusualDay day = new UnusualDay("boiler", LocalDate.of(2024, 5, 6), 24, 48, 30, 25, 35);
    json.put("unusualConsumption", new JsonArray().add(day.toJson()));
    Alert alert = new Alert(7, "boiler", Alert.THRESHOLD, "power_w", null, "high", "cleared", "power_w above 1500",
        2000.0, 1500.0, null, new JsonArray(), 3, Instant.parse("2024-05-06T10:00:00Z"), null, null,
        Instant.parse("2024-05-06T12:00:00Z"));
    ReportRange range = ReportRange.of(FROM, TO, ReportPeriod.DAY);
    return SiteReport.of("hq", range, new EnergyLookup.Answer(json, devices, List.of(day)), List.of(alert), "EUR ",
        Instant.parse("2024-05-07T06:00:00Z"));
  }

  private static MeteredDevice device(String id, double watts, boolean producer) {
    List<MinuteRow> rows = new ArrayList<>();
    for (long t = FROM.getEpochSecond(); t < TO.getEpochSecond(); t += 60) {
      rows.add(new MinuteRow(t, 6, watts * 6, watts, watts));
    }
    return new MeteredDevice(id, "hq", List.of(), producer, ZoneOffset.UTC, Tariff.flat(0.3),
        new PowerIntegrator(300).integrate(rows, FROM.getEpochSecond(), TO.getEpochSecond(), TO.getEpochSecond()));
  }

  @Test
  void theReportsFiguresAreTheEnergyReportsOnes() {
    SiteReport r = report();
    assertThat(r.totals().consumptionKwh()).isCloseTo(60.0, within(1e-9));
    assertThat(r.totals().productionKwh()).isCloseTo(24.0, within(1e-9));
    assertThat(r.totals().cost()).isCloseTo(18.0, within(1e-9));
    assertThat(r.totals().peakKw()).isCloseTo(2.5, within(1e-9));
    assertThat(r.buckets()).hasSize(24);
    assertThat(r.bucket()).isEqualTo("hour");
    assertThat(r.unusualDays()).extracting(UnusualDay::deviceId).containsExactly("boiler");
    assertThat(r.forecastDays()).singleElement().satisfies(d -> assertThat(d.forecastKwh()).isEqualTo(30.0));
  }

  @Test
  void anAlertCarriesTheEnergyItsDeviceUsedWhileItWasLive() {
    SiteReport.AlertRow alert = report().alerts().get(0);
    assertThat(alert.kwh()).as("2 h of 2,000 W").isCloseTo(4.0, within(1e-9));
    assertThat(alert.cost()).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void topConsumersAreConsumersByConsumptionHighestFirst() {
    assertThat(report().topConsumers(5)).extracting(SiteReport.DeviceRow::id).containsExactly("boiler", "lamp");
    assertThat(report().topConsumers(5).get(0).share()).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void thePdfOpensWithPdfBoxAndStatesTheSiteAndItsConsumption() throws Exception {
    byte[] pdf = ReportPdf.render(report());
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(1);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Daily energy report - site hq").contains("Consumption: 60.000 kWh")
          .contains("EUR 18.00").contains("Unusual: boiler on 2024-05-06");
      assertThat(doc.getPage(0).getResources().getXObjectNames()).as("the charts, as images").isNotEmpty();
    }
  }

  @Test
  void theWorkbooksCellsEqualTheReportsValues() throws Exception {
    SiteReport r = report();
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(ReportWorkbook.render(r)))) {
      Sheet summary = book.getSheet(ReportWorkbook.SUMMARY);
      assertThat(valueOf(summary, "Consumption kWh")).isEqualTo(r.totals().consumptionKwh());
      assertThat(valueOf(summary, "Cost (EUR )")).isEqualTo(r.totals().cost());
      assertThat(valueOf(summary, "Peak kW")).isEqualTo(r.totals().peakKw());
      Sheet devices = book.getSheet(ReportWorkbook.DEVICES);
      for (int i = 0; i < r.devices().size(); i++) {
        Row row = devices.getRow(i + 1);
        assertThat(row.getCell(0).getStringCellValue()).isEqualTo(r.devices().get(i).id());
        assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(r.devices().get(i).consumptionKwh());
        assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(r.devices().get(i).cost());
      }
      Sheet hours = book.getSheet("Per hour");
      assertThat(hours.getLastRowNum()).isEqualTo(24);
      for (int i = 0; i < 24; i++) {
        assertThat(hours.getRow(i + 1).getCell(1).getNumericCellValue()).isEqualTo(r.buckets().get(i).consumptionKwh());
        assertThat(hours.getRow(i + 1).getCell(0).getLocalDateTimeCellValue())
            .isEqualTo(r.buckets().get(i).start().atZone(ZoneOffset.UTC).toLocalDateTime());
      }
      assertThat(book.getSheet(ReportWorkbook.ALERTS).getRow(1).getCell(7).getNumericCellValue()).isEqualTo(4.0);
      assertThat(book.getSheet(ReportWorkbook.FORECAST).getRow(1).getCell(2).getNumericCellValue()).isEqualTo(30.0);
    }
  }

  @Test
  void theLastWholeWeekRunsMondayToMondayOnTheSitesClock() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    ReportRange week = ReportPeriod.WEEK.lastWhole(berlin, Instant.parse("2024-05-08T12:00:00Z"));
    assertThat(week.from()).isEqualTo(Instant.parse("2024-04-28T22:00:00Z"));
    assertThat(week.to()).isEqualTo(Instant.parse("2024-05-05T22:00:00Z"));
    assertThat(week.bucket()).isEqualTo(EnergyBucket.DAY);
    ReportRange month = ReportPeriod.MONTH.lastWhole(ZoneOffset.UTC, Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(month.from()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(month.to()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(ReportPeriod.DAY.lastWhole(ZoneOffset.UTC, TO.plusSeconds(5)).from()).isEqualTo(FROM);
  }

  @Test
  void rejectsAReversedOrOverlongRange() {
    assertThatThrownBy(() -> ReportRange.of(TO, FROM, null)).isInstanceOf(InvalidEnergyInput.class)
        .hasMessageContaining("after from");
    assertThatThrownBy(() -> ReportRange.of(FROM, FROM.plus(java.time.Duration.ofDays(401)), null))
        .isInstanceOf(InvalidEnergyInput.class).hasMessageContaining("at most 400 days");
  }

  @Test
  void theFileNameNamesTheSiteAndItsDays() {
    assertThat(ReportFormat.PDF.fileName(report())).isEqualTo("vigil-hq-2024-05-06.pdf");
    assertThat(ReportFormat.XLSX.contentType()).endsWith("spreadsheetml.sheet");
  }

  private static double valueOf(Sheet sheet, String label) {
    for (Row row : sheet) {
      if (row.getCell(0).getStringCellValue().equals(label)) {
        return row.getCell(1).getNumericCellValue();
      }
    }
    throw new AssertionError("no row " + label);
  }
}
