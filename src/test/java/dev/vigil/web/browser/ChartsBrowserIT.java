package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * History on the device page of a real Vigil, fed a NAB-like replay over MQTT: readings every 10 s with
 * their own 2014 timestamps, and a silence of three minutes in the middle (10:40:00 to 10:42:59).
 */
@ExtendWith(BrowserPerTest.class)
class ChartsBrowserIT {

  static final String DEVICE = "nab-machine-temp";
  static final Instant START = Instant.parse("2014-04-10T10:00:00Z");
  static final Instant END = Instant.parse("2014-04-10T12:00:00Z");
  static final Instant SILENCE_FROM = Instant.parse("2014-04-10T10:40:00Z");
  static final Instant SILENCE_TO = Instant.parse("2014-04-10T10:43:00Z");
  /** Minutes of the replay that hold readings: two hours less the three silent ones. */
  static final int MINUTES_WITH_READINGS = 117;
  static final String CHART = ".metric-chart[data-metric='power_w'] figure.chart";

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void replayHistory() throws Exception {
    vigil = LiveVigil.start(Map.of());
    JsonArray batch = new JsonArray();
    for (Instant t = START; t.isBefore(END); t = t.plusSeconds(10)) {
      if (!t.isBefore(SILENCE_FROM) && t.isBefore(SILENCE_TO)) {
        continue;
      }
      double minute = Duration.between(START, t).toSeconds() / 60.0;
      batch.add(new JsonObject().put("ts", t.toString())
          .put("metrics", new JsonObject().put("power_w", 1000 + 200 * Math.sin(minute / 9))));
      if (batch.size() == 100) {
        vigil.publishPayload(DEVICE, batch.toBuffer());
        batch = new JsonArray();
      }
    }
    vigil.publishPayload(DEVICE, batch.toBuffer());
    // Late readings are rolled up by the rollup job's next pass (every 10 s), not only the last minutes.
    DbWait.until(vigil.pgUri, "SELECT count(*) = " + MINUTES_WITH_READINGS
        + " FROM reading_rollups WHERE device_id = '" + DEVICE + "' AND metric = 'power_w'");
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void aReplayWith2014TimestampsIsShownByChoosingAnAbsoluteRange() throws Exception {
    recordCspViolations();
    browser.open(vigil.page("devices/" + DEVICE));
    browser.awaitElement(".metric-charts .empty"); // Live: nothing from 2014
    assertThat(browser.awaitElement("#range-tz").getText()).as("the time zone of the fields is shown").contains("UTC");

    chooseAbsoluteRange(START, END);

    browser.await(d -> attribute(CHART, "from").equals(String.valueOf(START.toEpochMilli())));
    assertThat(Integer.parseInt(attribute(CHART, "points"))).as("one point per minute with readings")
        .isEqualTo(MINUTES_WITH_READINGS);
    assertThat(urlView()).containsEntry("from", START.toString().replace("Z", ".000Z"))
        .containsEntry("to", END.toString().replace("Z", ".000Z"));
    assertThat(browser.script("return window.cspViolations;")).as("CSP violations").asList().isEmpty();
    browser.screenshot(Path.of("target", "charts-browser", "absolute-range.png"));
  }

  @Test
  void aSilenceIsDrawnAsAGapAndSteadyReadingsAsOneLine() {
    // A link reproduces the view: these open straight on raw readings (ranges of at most 15 minutes).
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T10:35:00Z&to=2014-04-10T10:48:00Z"));
    browser.await(d -> !attribute(CHART, "points").equals("0"));
    assertThat(attribute(CHART, "gaps")).as("the three silent minutes break the line").isEqualTo("1");

    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T11:00:00Z&to=2014-04-10T11:10:00Z"));
    browser.await(d -> attribute(CHART, "from").equals(String.valueOf(Instant.parse("2014-04-10T11:00:00Z").toEpochMilli())));
    browser.await(d -> attribute(CHART, "points").equals("60"));
    assertThat(attribute(CHART, "gaps")).as("readings every 10 s are one line").isEqualTo("0");

    // Rollups: the silent minutes are empty buckets.
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T10:00:00Z&to=2014-04-10T12:00:00Z"));
    browser.await(d -> attribute(CHART, "points").equals(String.valueOf(MINUTES_WITH_READINGS)));
    assertThat(attribute(CHART, "gaps")).isEqualTo("1");
  }

  @Test
  void dragToZoomNarrowsTheRangeInTheUrlAndResetRestoresIt() {
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T10:00:00Z&to=2014-04-10T12:00:00Z"));
    browser.await(d -> attribute(CHART, "points").equals(String.valueOf(MINUTES_WITH_READINGS)));
    assertThat(browser.driver.findElement(By.id("zoom-reset")).isDisplayed()).isFalse();

    WebElement plot = browser.awaitElement(CHART + " .u-over");
    int quarter = plot.getRect().getWidth() / 4;
    new Actions(browser.driver).moveToElement(plot, -quarter, 0).clickAndHold().moveByOffset(quarter, 0)
        .moveByOffset(quarter, 0).release().perform();

    browser.await(d -> urlView().containsKey("reset"));
    Instant from = Instant.parse(urlView().get("from"));
    Instant to = Instant.parse(urlView().get("to"));
    assertThat(from).isAfter(START);
    assertThat(to).isBefore(END);
    assertThat(Duration.between(from, to)).isLessThan(Duration.ofMinutes(80)).isGreaterThan(Duration.ofMinutes(40));
    browser.await(d -> attribute(CHART, "from").equals(String.valueOf(from.toEpochMilli())));

    browser.click("#zoom-reset");
    browser.await(d -> !urlView().containsKey("reset"));
    assertThat(urlView()).containsEntry("from", "2014-04-10T10:00:00.000Z").containsEntry("to", "2014-04-10T12:00:00.000Z");
    browser.await(d -> attribute(CHART, "from").equals(String.valueOf(START.toEpochMilli())));
  }

  @Test
  void theFleetChartsLastBucketIsTheSumOfEachDevicesAveragePowerInIt() throws Exception {
    double[][] watts = {{100, 120, 140, 160}, {2000, 2010, 1990, 2000}, {333.3, 333.3, 333.3, 333.3}};
    // The last whole minute: a minute is rolled up once it has ended (RollupJob.settled).
    Instant minute = Instant.now().minusSeconds(65).truncatedTo(ChronoUnit.MINUTES);
    for (int d = 0; d < watts.length; d++) { // one message per device (the client allows 10 in flight)
      JsonArray readings = new JsonArray();
      for (int i = 0; i < 4; i++) {
        readings.add(new JsonObject().put("ts", minute.plusSeconds(10L * i).toString())
            .put("metrics", new JsonObject().put("power_w", watts[d][i])));
      }
      vigil.publishPayload("fleet-" + d, readings.toBuffer());
    }
    DbWait.until(vigil.pgUri, "SELECT coalesce(sum(count), 0) = 12 FROM reading_rollups WHERE device_id LIKE 'fleet-%'");

    recordCspViolations();
    browser.open(vigil.page(""));
    String chart = "#fleet-chart figure.chart";
    browser.await(d -> !attribute(chart, "points").isEmpty() && !attribute(chart, "points").equals("0"));
    long lastBucket = Long.parseLong(attribute(chart, "last-t"));
    double drawn = Double.parseDouble(attribute(chart, "last-v"));
    String fromReadings = vigil.queryString("SELECT sum(a) FROM (SELECT device_id, avg((metrics ->> 'power_w')::float8) AS a"
        + " FROM readings WHERE metrics ? 'power_w' AND ts >= to_timestamp(" + lastBucket + " / 1000.0)"
        + " AND ts < to_timestamp(" + lastBucket + " / 1000.0) + interval '1 minute' GROUP BY device_id) per_device");
    assertThat(drawn).isCloseTo(Double.parseDouble(fromReadings), Offset.offset(1e-6));
    assertThat(browser.awaitElement("#fleet-now").getText()).endsWith(" W");
    assertThat(browser.script("return window.cspViolations;")).as("CSP violations").asList().isEmpty();
    browser.screenshot(Path.of("target", "charts-browser", "fleet.png"));
  }

  @Test
  void anAbsoluteRangeRefreshesOnTheChosenPeriodAndKeepsItInTheUrl() {
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T12:00:00Z&to=2014-04-10T12:10:00Z"));
    browser.awaitElement(".metric-charts .empty");
    browser.await(d -> {
      new Select(d.findElement(By.id("refresh"))).selectByValue("5s");
      return true;
    });
    browser.await(d -> "5s".equals(urlView().get("refresh")));
    // Arrives after the page loaded the range: only a refresh can show it.
    vigil.publishPayload(DEVICE, new JsonObject().put("ts", "2014-04-10T12:05:00Z")
        .put("metrics", new JsonObject().put("power_w", 999)).toBuffer());
    browser.await(d -> attribute(CHART, "points").equals("1"));
    assertThat(attribute(CHART, "last-v")).isEqualTo("999");
  }

  @Test
  void onAPhoneTheRangeToolsFitAndTheChartIsDrawnAtItsShownSizeSoItsLabelsAreReadable() throws Exception {
    browser.emulatePhone(360, 740);
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T10:00:00Z&to=2014-04-10T12:00:00Z"));
    browser.await(d -> attribute(CHART, "points").equals(String.valueOf(MINUTES_WITH_READINGS)));
    browser.awaitElement(CHART + " canvas");
    assertThat(browser.horizontalOverflow()).isZero();
    // The old SVG was scaled down with its viewBox (11 px labels became ~6 px); a canvas drawn at the size it
    // is shown keeps uPlot's 13 px axis font at 13 CSS pixels.
    Boolean unscaled = (Boolean) browser.script("const c = document.querySelector(arguments[0] + ' canvas');"
        + " return Math.abs(c.width - Math.round(c.getBoundingClientRect().width * devicePixelRatio)) <= 1"
        + " && c.getBoundingClientRect().right <= document.documentElement.clientWidth;", CHART);
    assertThat(unscaled).isTrue();
    for (String tool : new String[] {"#range-from", "#range-to", "#range-apply", "#refresh", "button[data-range='day']"}) {
      assertThat((Boolean) browser.script("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
          + " return r.left >= 0 && r.right <= document.documentElement.clientWidth;", tool)).as(tool).isTrue();
    }
    browser.screenshot(Path.of("target", "charts-browser", "phone.png"));
  }

  @Test
  void switchingTheThemeRedrawsTheChartInItsColours() throws Exception {
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-04-10T10:00:00Z&to=2014-04-10T12:00:00Z"));
    browser.await(d -> attribute(CHART, "points").equals(String.valueOf(MINUTES_WITH_READINGS)));
    String light = lineColour();
    browser.await(d -> pixelsOf(light) > 20);
    browser.click("#theme-toggle");
    String dark = lineColour();
    assertThat(dark).isNotEqualTo(light);
    browser.await(d -> pixelsOf(dark) > 20 && pixelsOf(light) == 0);
    browser.screenshot(Path.of("target", "charts-browser", "dark.png"));
  }

  /** The theme's line colour (--line, #rrggbb). */
  private String lineColour() {
    return (String) browser.script("return getComputedStyle(document.documentElement).getPropertyValue('--line').trim();");
  }

  /** How many pixels of the chart's canvas have the colour {@code hex} (within antialiasing's reach). */
  private long pixelsOf(String hex) {
    return (Long) browser.script("const c = document.querySelector(arguments[0] + ' canvas');"
        + " if (!c) return 0; const [r, g, b] = [1, 3, 5].map(i => parseInt(arguments[1].substr(i, 2), 16));"
        + " const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) < 6 && Math.abs(px[i + 1] - g) < 6"
        + " && Math.abs(px[i + 2] - b) < 6 && px[i + 3] > 250) n++;"
        + " return n;", CHART, hex);
  }

  /** From the next page on, every CSP violation (no inline script or style attribute) lands in window.cspViolations. */
  private void recordCspViolations() {
    browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations"
            + ".push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample));"));
  }

  /** Types the range into the From and To fields (local time, as the page shows them) and applies it. */
  private void chooseAbsoluteRange(Instant from, Instant to) {
    browser.script("""
        const local = ms => new Date(ms - new Date(ms).getTimezoneOffset() * 60e3).toISOString().slice(0, 19);
        document.getElementById('range-from').value = local(arguments[0]);
        document.getElementById('range-to').value = local(arguments[1]);""", from.toEpochMilli(), to.toEpochMilli());
    browser.click("#range-apply");
  }

  private String attribute(String css, String data) {
    String value = browser.driver.findElement(By.cssSelector(css)).getDomAttribute("data-" + data);
    return value == null ? "" : value;
  }

  /** The query of the page's URL (the part of the hash after '?'). */
  private Map<String, String> urlView() {
    String hash = (String) browser.script("return location.hash;");
    Map<String, String> view = new HashMap<>();
    int q = hash.indexOf('?');
    if (q < 0) {
      return view;
    }
    for (String pair : hash.substring(q + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      view.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return view;
  }
}
