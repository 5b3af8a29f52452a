package dev.vigil.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A report as an xlsx workbook (Apache POI): a Summary sheet of label and value rows, then Devices, one row per
 * bucket (Per hour, Per day or Per month), Alerts and Forecast. Figures are numeric cells, times date cells on the
 * site's clock. Blocking: run it on a worker.
 */
public final class ReportWorkbook {

  public static final String SUMMARY = "Summary";
  public static final String DEVICES = "Devices";
  public static final String ALERTS = "Alerts";
  public static final String FORECAST = "Forecast";

  private ReportWorkbook() {
  }

  /** "Per hour", "Per day" or "Per month": the sheet of the report's buckets. */
  public static String bucketSheet(SiteReport report) {
    return "Per " + report.bucket();
  }

  public static byte[] render(SiteReport report) {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Cells cells = new Cells(book, ZoneId.of(report.timeZone()));
      summary(book.createSheet(SUMMARY), report, cells);
      table(book.createSheet(DEVICES), cells, List.of("Device", "Role", "Consumption kWh", "Production kWh", "Cost",
          "Peak kW", "Share of consumption"), report.devices(), (d, row) -> cells.row(row, d.id(), d.role(),
          d.consumptionKwh(), d.productionKwh(), d.cost(), d.peakKw(), d.share()));
      table(book.createSheet(bucketSheet(report)), cells, List.of("Start", "Consumption kWh", "Production kWh", "Cost"),
          report.buckets(), (b, row) -> cells.row(row, b.start(), b.consumptionKwh(), b.productionKwh(), b.cost()));
      table(book.createSheet(ALERTS), cells, List.of("Alert", "Device", "Kind", "Metric", "Severity", "Opened",
          "Cleared", "kWh while live", "Cost while live", "Message"), report.alerts(), (a, row) -> cells.row(row,
          (double) a.id(), a.deviceId(), a.kind(), a.metric(), a.severity(), a.openedAt(), a.clearedAt(), a.kwh(),
          a.cost(), a.message()));
      table(book.createSheet(FORECAST), cells, List.of("Day", "Measured kWh", "Forecast kWh", "Interval low kWh",
          "Interval high kWh"), report.forecastDays(), (d, row) -> cells.row(row, d.day().toString(), d.actualKwh(),
          d.forecastKwh(), d.lowKwh(), d.highKwh()));
      book.write(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void summary(Sheet sheet, SiteReport r, Cells cells) {
    SiteReport.Totals t = r.totals();
    Object[][] rows = {
        {"Site", r.site()}, {"Report", r.title()}, {"From", r.from()}, {"To", r.to()}, {"Time zone", r.timeZone()},
        {"Consumption kWh", t.consumptionKwh()}, {"Production kWh", t.productionKwh()},
        {"Cost" + (r.currency().isEmpty() ? "" : " (" + r.currency() + ")"), t.cost()}, {"Peak kW", t.peakKw()},
        {"Peak at", t.peakAt()}, {"Base load kW", t.baseLoadKw()}, {"Coverage", t.coverage()},
        {"Alerts", (double) r.alerts().size()}, {"Energy cost while alerts were live", r.alertsCost()},
        {"Unusual device-days", (double) r.unusualDays().size()}, {"Generated", r.generatedAt()}};
    for (int i = 0; i < rows.length; i++) {
      cells.row(sheet.createRow(i), rows[i]);
    }
    sheet.getRow(0).getCell(0).setCellStyle(cells.bold);
    sheet.setColumnWidth(0, 36 * 256);
    sheet.setColumnWidth(1, 24 * 256);
  }

  private static <T> void table(Sheet sheet, Cells cells, List<String> header, List<T> items, RowWriter<T> writer) {
    Row head = sheet.createRow(0);
    cells.row(head, header.toArray());
    head.forEach(c -> c.setCellStyle(cells.bold));
    for (int i = 0; i < items.size(); i++) {
      writer.write(items.get(i), sheet.createRow(i + 1));
    }
    sheet.createFreezePane(0, 1);
    for (int c = 0; c < header.size(); c++) {
      sheet.setColumnWidth(c, Math.max(12, header.get(c).length() + 2) * 256);
    }
  }

  private interface RowWriter<T> {
    void write(T item, Row row);
  }

  /** Writes values by type: numbers as numeric cells, instants as dates on the site's clock, null as blank. */
  private static final class Cells {
    final CellStyle bold;
    final CellStyle date;
    final ZoneId zone;

    Cells(XSSFWorkbook book, ZoneId zone) {
      this.zone = zone;
      Font font = book.createFont();
      font.setBold(true);
      bold = book.createCellStyle();
      bold.setFont(font);
      date = book.createCellStyle();
      date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
    }

    void row(Row row, Object... values) {
      for (int i = 0; i < values.length; i++) {
        var cell = row.createCell(i);
        if (values[i] instanceof Number n) {
          cell.setCellValue(n.doubleValue());
        } else if (values[i] instanceof Instant t) {
          cell.setCellValue(t.atZone(zone).toLocalDateTime());
          cell.setCellStyle(date);
        } else if (values[i] != null) {
          cell.setCellValue(values[i].toString());
        }
      }
    }
  }
}
