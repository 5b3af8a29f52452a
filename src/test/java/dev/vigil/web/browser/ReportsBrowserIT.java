package dev.vigil.web.browser;

import static dev.vigil.testsupport.Ink.inkedShare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testsupport.TestInfra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A site's report downloaded from the overview's Energy section of a real Vigil, through the browser's own
 * download: three devices of site plant-a sent power every minute for 24 hours over MQTT (a boiler
 * following the working day, a steady 500 W lamp, a pump on every other hour), ending an hour ago. The site page switches day,
 * week, month and a custom range of days; the PDF and the workbook of the range shown are downloaded, the
 * PDF's first page rendered, and the workbook's cells compared with {@code GET /api/energy} for the same range.
 */
@ExtendWith(BrowserPerTest.class)
class ReportsBrowserIT {

  /**
   * A day of readings ending an hour ago: energy counted up to now then no longer grows (a silence past the
   * gap limit adds nothing), so the report and the API, asked at different moments, agree to the watt-hour.
   */
  static final Instant START = Instant.now().minus(25, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
  static final List<String> DEVICES = List.of("plant-boiler", "plant-lamp", "plant-pump");

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void sendADayOfPower() throws Exception {
    vigil = LiveVigil.start(Map.of());
    for (String id : DEVICES) {
      JsonArray batch = new JsonArray();
      for (int minute = 0; minute < 1440; minute++) {
        Instant t = START.plusSeconds(minute * 60L);
        batch.add(new JsonObject().put("ts", t.toString()).put("metrics", new JsonObject().put("power_w", watts(id, t))));
        if (batch.size() == 120) {
          vigil.publishPayload(id, batch.toBuffer());
          batch = new JsonArray();
        }
      }
    }
    for (String id : DEVICES) {
      DbWait.until(vigil.pgUri, "SELECT count(*) = 1440 FROM reading_rollups WHERE device_id = '" + id + "' AND metric = 'power_w'");
    }
    TestInfra.execute(vigil.pgUri, "INSERT INTO sites (id) VALUES ('plant-a');"
        + " UPDATE devices SET site = 'plant-a', placed_by = 'user' WHERE id LIKE 'plant-%'");
    // The boiler's and the lamp's forecasts of the 24 hours after this one, as the forecast job writes them.
    TestInfra.execute(vigil.pgUri, "INSERT INTO forecasts (device_id, metric, hour_start, expected, low, high, basis)"
        + " SELECT d, 'power_w', date_trunc('hour', now()) + h * interval '1 hour', w, w * 0.8, w * 1.2, date_trunc('hour', now())"
        + " FROM (VALUES ('plant-boiler', 2000.0), ('plant-lamp', 500.0)) AS f(d, w), generate_series(1, 24) h");
  }

  private static double watts(String id, Instant t) {
    int hour = t.atZone(ZoneId.systemDefault()).getHour();
    return switch (id) {
      case "plant-boiler" -> hour >= 7 && hour < 19 ? 2400 + 40 * (hour % 5) : 600;
      case "plant-lamp" -> 500;
      default -> hour % 2 == 0 ? 1200 : 0;
    };
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void aSitesPdfAndWorkbookDownloadForEachRangeShownAndAgreeWithTheApi(@TempDir Path downloads) throws Exception {
    // JUnit deletes the folder only after BrowserPerTest has quit the browser that writes into it.
    browser.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
        "downloadPath", downloads.toString()));
    browser.open(vigil.page(""));
    browser.awaitElement("#energy[data-scope='whole fleet']");
    assertThat(browser.driver.findElement(By.id("energy-downloads")).isDisplayed()).as("a report is a site's").isFalse();

    browser.open(vigil.page("?site=plant-a"));
    browser.awaitElement("#energy[data-scope='site plant-a'][data-bucket='hour']");
    for (String period : List.of("week", "month", "day")) {
      browser.click("button[data-energy-period='" + period + "']");
      String bucket = period.equals("day") ? "hour" : "day";
      // The links change on the click, the figures when the answer is drawn: then both name the same range.
      browser.await(d -> {
        Map<String, String> link = query(href("#energy-report-pdf"));
        WebElement energy = d.findElement(By.id("energy"));
        return period.equals(link.get("period")) && link.get("from").equals(energy.getAttribute("data-from"))
            && bucket.equals(energy.getAttribute("data-bucket")) ? true : null;
      });
    }

    LocalDate today = LocalDate.now(ZoneId.systemDefault());
    browser.click("button[data-energy-period='custom']");
    setDate("#energy-from", today.minusDays(1));
    setDate("#energy-to", today);
    browser.click("#energy-range-show");
    // As the page writes it (Date.toISOString: milliseconds always shown).
    String from = today.minusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().toString().replace("Z", ".000Z");
    browser.awaitElement("#energy[data-from='" + from + "'][data-bucket='hour']");
    Map<String, String> shown = query(href("#energy-report-xlsx"));
    assertThat(shown).containsEntry("from", from).doesNotContainKey("period").containsEntry("format", "xlsx");

    browser.click("#energy-report-pdf");
    Path pdf = downloaded(downloads, ".pdf");
    try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertThat(new PDFTextStripper().getText(doc)).contains("Energy report - site plant-a");
      assertThat(inkedShare(new PDFRenderer(doc).renderImageWithDPI(0, 50))).as("page 1 is drawn").isGreaterThan(0.02);
    }

    browser.click("#energy-report-xlsx");
    Path xlsx = downloaded(downloads, ".xlsx");
    JsonObject api = vigil.getJson("/api/energy?site=plant-a&bucket=hour&from=" + shown.get("from") + "&to="
        + shown.get("to") + "&tariff=" + shown.get("tariff"));
    try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(xlsx))) {
      JsonObject totals = api.getJsonObject("totals");
      assertThat(valueOf(book.getSheet("Summary"), "Consumption kWh")).isEqualTo(totals.getDouble("consumptionKwh"))
          .isEqualTo(Double.parseDouble(browser.awaitElement("#energy").getAttribute("data-consumption-kwh")));
      assertThat(valueOf(book.getSheet("Summary"), "Peak kW")).isEqualTo(totals.getJsonObject("peak").getDouble("kw"));
      Sheet devices = book.getSheet("Devices");
      for (int i = 0; i < DEVICES.size(); i++) {
        JsonObject device = api.getJsonArray("devices").getJsonObject(i);
        assertThat(devices.getRow(i + 1).getCell(0).getStringCellValue()).isEqualTo(device.getString("id"));
        assertThat(devices.getRow(i + 1).getCell(2).getNumericCellValue()).isEqualTo(device.getDouble("consumptionKwh"));
        assertThat(devices.getRow(i + 1).getCell(4).getNumericCellValue()).isEqualTo(device.getDouble("cost"));
      }
      JsonArray buckets = api.getJsonArray("buckets");
      Sheet hours = book.getSheet("Per hour");
      assertThat(hours.getLastRowNum()).isEqualTo(buckets.size());
      for (int i = 0; i < buckets.size(); i++) {
        assertThat(hours.getRow(i + 1).getCell(1).getNumericCellValue())
            .isEqualTo(buckets.getJsonObject(i).getDouble("consumptionKwh"));
      }
    }
  }

  @Test
  void theSitesSummedForecastIsDrawnDashedAheadOfNowOnItsHourlyChart() {
    browser.open(vigil.page("?site=plant-a"));
    WebElement chart = browser.awaitElement("#energy[data-scope='site plant-a'][data-bucket='hour'] figure.bar-chart");
    assertThat(chart.getAttribute("data-forecast")).as("the 24 hours after this one").isEqualTo("24");
    assertThat(chart.getAttribute("aria-label")).endsWith("with the forecast ahead");
    assertThat(browser.awaitElement("#energy-forecast").getText()).startsWith("Forecast: 60 kWh over the next 24 h");
    browser.click("button[data-energy-period='week']");
    assertThat(browser.awaitElement("#energy[data-bucket='day'] figure.bar-chart").getAttribute("data-forecast"))
        .as("days are not forecast").isEqualTo("0");
  }

  /** Rewrites docs/screenshots/site.png and report.png; only with -Dvigil.screenshots=true so that CI leaves them alone. */
  @Test
  @EnabledIfSystemProperty(named = "vigil.screenshots", matches = "true")
  void savesScreenshotsOfTheSitePageAndAReportPage() throws Exception {
    Path dir = Path.of("docs", "screenshots");
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500));
    browser.open(vigil.page("?site=plant-a"));
    browser.awaitElement("#energy[data-scope='site plant-a'] figure.bar-chart");
    browser.script("document.getElementById('energy').scrollIntoView()");
    browser.screenshot(dir.resolve("site.png"));
    byte[] pdf = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        URI.create(href("#energy-report-pdf"))).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 96), "png", dir.resolve("report.png").toFile());
    }
    assertThat(dir.resolve("report.png")).isNotEmptyFile();
  }

  private void setDate(String css, LocalDate day) {
    // A date input takes the value as yyyy-mm-dd whatever the locale shows; typing it is locale-bound.
    browser.script("arguments[0].value = arguments[1];", browser.awaitElement(css), day.toString());
  }

  private String href(String css) {
    return browser.awaitElement(css).getAttribute("href");
  }

  private static Map<String, String> query(String href) {
    Map<String, String> out = new HashMap<>();
    for (String pair : URI.create(href).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The file the browser finished downloading into {@code dir} (Chromium writes *.crdownload until then). */
  private Path downloaded(Path dir, String extension) {
    return browser.await(d -> {
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(extension)).findFirst().orElse(null);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
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
