package dev.vigil.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * A report as a PDF (PDFBox) with its charts (JFreeChart, embedded as lossless images): the figures, energy
 * per bucket, top consumers, forecast against measured days, unusual days, and the alerts of the range with
 * the energy used while they were live. Blocking: run it on a worker.
 */
public final class ReportPdf {

  static final int TOP_CONSUMERS = 10;
  /** Alerts listed one per line; the workbook lists them all. */
  static final int MAX_ALERT_LINES = 60;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private ReportPdf() {
  }

  public static byte[] render(SiteReport r) {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle(r.title() + " - site " + r.site());
      info.setCreator("Vigil");
      try (PdfPages pages = new PdfPages(doc)) {
        write(pages, r, ZoneId.of(r.timeZone()));
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(PdfPages p, SiteReport r, ZoneId zone) throws IOException {
    p.title(r.title() + " - site " + r.site());
    p.line(when(r.from(), zone) + " to " + when(r.to(), zone) + " (" + r.timeZone() + "), per " + r.bucket());
    p.gap(6);
    figures(p, r, zone);
    p.gap(4);
    p.image(ReportCharts.energy(r, 500, 210), PdfPages.WIDTH, 210 * PdfPages.WIDTH / 500);
    List<SiteReport.DeviceRow> top = r.topConsumers(TOP_CONSUMERS);
    p.heading("Top consumers");
    float[] at = {0, 170, 260, 340, 410};
    p.row(List.of("Device", "kWh", "Cost", "Share", "Peak kW"), at, true);
    for (SiteReport.DeviceRow d : top) {
      p.row(List.of(d.id(), num(d.consumptionKwh()), money(r, d.cost()), pct(d.share()), num(d.peakKw())), at, false);
    }
    if (top.size() > 1) {
      int height = Math.max(140, 50 + 20 * top.size());
      p.image(ReportCharts.consumers(top, 500, height), PdfPages.WIDTH, height * PdfPages.WIDTH / 500);
    }
    forecast(p, r);
    alerts(p, r, zone);
  }

  private static void figures(PdfPages p, SiteReport r, ZoneId zone) throws IOException {
    SiteReport.Totals t = r.totals();
    p.line("Consumption: " + num(t.consumptionKwh()) + " kWh    Cost: " + money(r, t.cost()));
    p.line("Peak demand: " + (t.peakKw() == null ? "-" : num(t.peakKw()) + " kW, 15 min from " + when(t.peakAt(), zone))
        + "    Base load (00:00-05:00): " + (t.baseLoadKw() == null ? "-" : num(t.baseLoadKw()) + " kW"));
    p.line("Production: " + num(t.productionKwh()) + " kWh    Readings cover "
        + (t.coverage() == null ? "-" : pct(t.coverage())) + " of the range");
    p.line("Alerts: " + r.alerts().size() + ", energy used while they were live " + money(r, r.alertsCost())
        + "    Unusual device-days: " + r.unusualDays().size());
  }

  private static void forecast(PdfPages p, SiteReport r) throws IOException {
    p.room(r.forecastDays().isEmpty() ? 40 : 260); // the heading with its chart
    p.heading("Forecast vs measured");
    if (r.forecastDays().isEmpty()) {
      p.line("No day of the range has both a forecast and measurements.");
    } else {
      p.image(ReportCharts.forecast(r.forecastDays(), 500, 200), PdfPages.WIDTH, 200 * PdfPages.WIDTH / 500);
    }
    for (var d : r.unusualDays()) {
      p.line("Unusual: " + d.deviceId() + " on " + d.day() + ": " + num(d.actualKwh()) + " kWh, " + d.direction()
          + " the forecast's " + num(d.lowKwh()) + "-" + num(d.highKwh()) + " kWh");
    }
  }

  private static void alerts(PdfPages p, SiteReport r, ZoneId zone) throws IOException {
    p.room(70);
    p.heading("Alerts and anomalies (" + r.alerts().size() + ")");
    if (r.alerts().isEmpty()) {
      p.line("No alert was live in the range.");
      return;
    }
    float[] at = {0, 88, 184, 300, 350, 400, 450};
    p.row(List.of("Opened", "Device", "Kind", "Severity", "kWh", "Cost", "Cleared"), at, true);
    for (SiteReport.AlertRow a : r.alerts().stream().limit(MAX_ALERT_LINES).toList()) {
      p.row(List.of(when(a.openedAt(), zone), clip(a.deviceId(), 18),
          clip(a.kind() + (a.metric().isEmpty() ? "" : " " + a.metric()), 22),
          a.severity(), num(a.kwh()), money(r, a.cost()), a.clearedAt() == null ? "live" : when(a.clearedAt(), zone)), at, false);
    }
    if (r.alerts().size() > MAX_ALERT_LINES) {
      p.line("... and " + (r.alerts().size() - MAX_ALERT_LINES) + " more in the workbook.");
    }
  }

  private static String when(Instant t, ZoneId zone) {
    return WHEN.format(t.atZone(zone));
  }

  static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%,.3f", v);
  }

  private static String money(SiteReport r, double v) {
    return r.currency() + String.format(Locale.ROOT, "%,.2f", v);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "~";
  }
}
