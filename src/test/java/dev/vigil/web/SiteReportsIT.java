package dev.vigil.web;

import static dev.vigil.testsupport.Ink.inkedShare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.notify.NotifyConfig;
import dev.vigil.notify.RetrySchedule;
import dev.vigil.report.ReportJob;
import dev.vigil.store.RollupJob;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A site's report over real rollups in PostgreSQL, against {@code GET /api/energy} for the same range. Site "hq"
 * (UTC) holds three devices with a reading every minute on Monday 2024-05-06: a 2,000 W boiler, a 500 W lamp
 * and a 1,000 W pump; an alert on the boiler was live from 10:00 to 12:00. The weekly report is scheduled to
 * an email channel whose mail server is GreenMail, in-process.
 */
class SiteReportsIT {

  static final String DAY = "from=2024-05-06T00:00:00Z&to=2024-05-07T00:00:00Z";
  static final Instant FROM = Instant.parse("2024-05-06T00:00:00Z");
  private static WebFixture web;
  private static GreenMail smtp;
  private static ReportJob job;

  @BeforeAll
  static void start() {
    int smtpPort = TestInfra.freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    web = WebFixture.start();
    web.sql("INSERT INTO devices (id) VALUES ('hq-boiler'), ('hq-lamp'), ('hq-pump')");
    everyMinute("hq-boiler", 2000);
    everyMinute("hq-lamp", 500);
    everyMinute("hq-pump", 1000);
    WebFixture.await(new RollupJob(web.pool).rollup(FROM, FROM.plus(Duration.ofDays(1))));
    for (String id : List.of("hq-boiler", "hq-lamp", "hq-pump")) {
      var placed = web.write(HttpMethod.PUT, "/api/devices/" + id + "/placement", new JsonObject().put("site", "hq")
          .put("tags", new JsonArray()));
      assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(200);
    }
    web.sql("INSERT INTO alerts (device_id, kind, metric, severity, state, message, opened_at, cleared_at) VALUES"
        + " ('hq-boiler', 'threshold', 'power_w', 'high', 'cleared', 'power_w above 1500', '2024-05-06T10:00:00Z',"
        + " '2024-05-06T12:00:00Z')");
    NotifyConfig notify = new NotifyConfig(200, 10, new RetrySchedule(Duration.ofSeconds(1), Duration.ofMinutes(1), 3),
        10_000, "", 30, new NotifyConfig.Smtp("127.0.0.1", smtpPort, "disabled", false, null, null, "vigil@test.example"));
    job = new ReportJob(web.pool, notify, "power_w", Duration.ofDays(1));
    WebFixture.await(web.vertx.deployVerticle(job));
  }

  private static void everyMinute(String device, double watts) {
    web.sql("INSERT INTO readings (device_id, ts, seq, metrics) SELECT '" + device + "', '2024-05-06T00:00:00Z'::timestamptz"
        + " + k * interval '1 minute', k, jsonb_build_object('power_w', " + watts + ") FROM generate_series(0, 1439) k");
  }

  @AfterAll
  static void stop() {
    try {
      web.close();
    } finally {
      smtp.stop();
    }
  }

  @Test
  void theWorkbooksSheetsEqualTheEnergyApisFigures() throws Exception {
    JsonObject api = ok("/api/energy?site=hq&bucket=hour&" + DAY).bodyAsJsonObject();
    HttpResponse<Buffer> file = ok("/api/sites/hq/report?format=xlsx&" + DAY);
    assertThat(file.getHeader("Content-Type")).endsWith("spreadsheetml.sheet");
    assertThat(file.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"vigil-hq-2024-05-06.xlsx\"");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(file.body().getBytes()))) {
      JsonObject totals = api.getJsonObject("totals");
      Sheet summary = book.getSheet("Summary");
      assertThat(valueOf(summary, "Consumption kWh")).isEqualTo(totals.getDouble("consumptionKwh")).isCloseTo(84.0, within(0.01));
      assertThat(valueOf(summary, "Cost")).isEqualTo(totals.getDouble("cost"));
      assertThat(valueOf(summary, "Peak kW")).isEqualTo(totals.getJsonObject("peak").getDouble("kw"));
      assertThat(valueOf(summary, "Base load kW")).isEqualTo(totals.getDouble("baseLoadKw"));
      JsonArray devices = api.getJsonArray("devices");
      Sheet perDevice = book.getSheet("Devices");
      assertThat(perDevice.getLastRowNum()).isEqualTo(3);
      for (int i = 0; i < devices.size(); i++) {
        Row row = perDevice.getRow(i + 1);
        assertThat(row.getCell(0).getStringCellValue()).isEqualTo(devices.getJsonObject(i).getString("id"));
        assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(devices.getJsonObject(i).getDouble("consumptionKwh"));
        assertThat(row.getCell(4).getNumericCellValue()).isEqualTo(devices.getJsonObject(i).getDouble("cost"));
      }
      JsonArray buckets = api.getJsonArray("buckets");
      Sheet hours = book.getSheet("Per hour");
      assertThat(hours.getLastRowNum()).isEqualTo(buckets.size()).isEqualTo(24);
      for (int i = 0; i < buckets.size(); i++) {
        assertThat(hours.getRow(i + 1).getCell(1).getNumericCellValue())
            .isEqualTo(buckets.getJsonObject(i).getDouble("consumptionKwh"));
        assertThat(hours.getRow(i + 1).getCell(3).getNumericCellValue()).isEqualTo(buckets.getJsonObject(i).getDouble("cost"));
      }
      Row alert = book.getSheet("Alerts").getRow(1);
      assertThat(alert.getCell(1).getStringCellValue()).isEqualTo("hq-boiler");
      assertThat(alert.getCell(7).getNumericCellValue()).as("2 h of 2,000 W").isCloseTo(4.0, within(0.001));
    }
  }

  @Test
  void thePdfsPagesRenderAndStateTheSiteAndItsConsumption() throws Exception {
    HttpResponse<Buffer> file = ok("/api/sites/hq/report?format=pdf&period=day&" + DAY);
    assertThat(file.getHeader("Content-Type")).isEqualTo("application/pdf");
    try (PDDocument doc = Loader.loadPDF(file.body().getBytes())) {
      assertThat(new PDFTextStripper().getText(doc)).contains("Daily energy report - site hq")
          .contains("Consumption: 84.000 kWh");
      assertThat(inkedShare(new PDFRenderer(doc).renderImageWithDPI(0, 50))).as("page 1 is not blank").isGreaterThan(0.02);
    }
  }

  @Test
  void refusesABadFormatRangeOrSiteWithTheReason() {
    assertRefused("/api/sites/hq/report?format=doc&" + DAY, 400, "format");
    assertRefused("/api/sites/hq/report?from=2024-05-06T00:00:00Z", 400, "to");
    assertRefused("/api/sites/hq/report", 400, "period");
    assertRefused("/api/sites/hq/report?period=year", 400, "period");
    assertRefused("/api/sites/hq/report?from=2024-05-07T00:00:00Z&to=2024-05-06T00:00:00Z", 400, "to");
    assertRefused("/api/sites/hq/report?from=2023-01-01T00:00:00Z&to=2024-05-06T00:00:00Z", 400, "to");
    assertRefused("/api/sites/hq/report?currency=%3Cb%3E&" + DAY, 400, "currency");
    assertRefused("/api/sites/a%20b/report?period=day", 400, "site");
    assertThat(web.get("/api/sites/nowhere/report?period=day").statusCode()).isEqualTo(404);
  }

  @Test
  void aScheduledWeeklyReportArrivesByEmailWithThePdfAttachedOncePerWeek() throws Exception {
    long channel = web.write(HttpMethod.POST, "/api/channels", new JsonObject().put("name", "hq facility").put("type", "email")
        .put("settings", new JsonObject().put("to", new JsonArray().add("facility@test.example")))).bodyAsJsonObject().getLong("id");
    long hook = web.write(HttpMethod.POST, "/api/channels", new JsonObject().put("name", "hq hook").put("type", "webhook")
        .put("settings", new JsonObject().put("url", "https://hooks.example.com/x"))).bodyAsJsonObject().getLong("id");
    var refused = web.write(HttpMethod.PUT, "/api/sites/hq/reports", new JsonObject().put("period", "week").put("channelId", hook));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("channelId");
    var put = web.write(HttpMethod.PUT, "/api/sites/hq/reports", new JsonObject().put("period", "week").put("channelId", channel)
        .put("format", "pdf"));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    assertThat(put.bodyAsJsonObject().getValue("sentUntil")).isNull();

    Instant wednesday = Instant.parse("2024-05-15T08:00:00Z"); // last whole week: Monday 6 to Monday 13 May
    assertThat(WebFixture.await(roundAt(wednesday))).isEqualTo(1);
    assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[Vigil] Weekly energy report: site hq");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("facility@test.example");
    Part pdf = attachment((Multipart) mail.getContent());
    assertThat(pdf.getFileName()).isEqualTo("vigil-hq-2024-05-06-to-2024-05-12.pdf");
    try (InputStream in = pdf.getInputStream(); PDDocument doc = Loader.loadPDF(in.readAllBytes())) {
      assertThat(new PDFTextStripper().getText(doc)).contains("Weekly energy report - site hq")
          .contains("Consumption: 84.000 kWh");
    }
    assertThat(WebFixture.await(roundAt(wednesday.plus(Duration.ofDays(1))))).as("the week was sent").isZero();
    JsonObject listed = web.get("/api/sites/hq/reports").bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(listed.getString("sentUntil")).isEqualTo("2024-05-13T00:00:00Z");
    assertThat(listed.getValue("lastError")).isNull();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  /** One round of the report job at {@code now}, started on an event loop as its timer would. */
  private static Future<Integer> roundAt(Instant now) {
    Promise<Integer> done = Promise.promise();
    web.vertx.runOnContext(v -> job.runOnce(now).onComplete(done));
    return done.future();
  }

  private static Part attachment(Multipart parts) throws Exception {
    for (int i = 0; i < parts.getCount(); i++) {
      if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
        return parts.getBodyPart(i);
      }
    }
    throw new AssertionError("no attachment");
  }

  private static HttpResponse<Buffer> ok(String path) {
    HttpResponse<Buffer> response = web.get(path);
    assertThat(response.statusCode()).as(path + " -> " + response.bodyAsString()).isEqualTo(200);
    return response;
  }

  private static void assertRefused(String path, int status, String field) {
    HttpResponse<Buffer> response = web.get(path);
    assertThat(response.statusCode()).as(path + " -> " + response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("field")).as(path).isEqualTo(field);
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
