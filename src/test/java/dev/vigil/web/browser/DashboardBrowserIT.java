package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.AlertConfig;
import dev.vigil.alert.AlertVerticle;
import dev.vigil.bus.Addresses;
import dev.vigil.scoring.ScoredReading.Contribution;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.PgPools;
import dev.vigil.store.RollupJob;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.web.WebConfig;
import dev.vigil.web.WebVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium against the real {@link WebVerticle} and {@link AlertVerticle}
 * on a fresh PostgreSQL database holding a week of fleet history. Live data is fed the way the store
 * feeds it: a {@link ScoredReading} published on {@code vigil.readings.stored}.
 */
@ExtendWith(BrowserPerTest.class)
class DashboardBrowserIT {

  private static Vertx vertx;
  private static Pool pool;
  private static String pgUri;
  private static String base;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    Browser.assumeInstalled();
    pgUri = TestInfra.freshDatabase();
    FleetFixture.seed(pgUri);
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, pgUri, 4);
    await(new RollupJob(pool).rollup(Instant.now().minus(Duration.ofDays(8)), Instant.now().plusSeconds(60)));
    AlertConfig alerts = new AlertConfig("power_w>8000:high;voltage_v<215:medium", 2, 10, 300, null, 0, false, null, null);
    await(vertx.deployVerticle(new AlertVerticle(alerts, pool)));
    WebVerticle web = new WebVerticle(new WebConfig("127.0.0.1", 0, null, Path.of("webroot").toAbsolutePath().toString()),
        pool, null, () -> Future.succeededFuture(new JsonObject()
            .put("database", new JsonObject().put("status", "up")).put("broker", new JsonObject().put("status", "up"))));
    await(vertx.deployVerticle(web));
    base = "http://127.0.0.1:" + web.actualPort() + "/";
    raiseBackgroundAlerts();
  }

  /** A few alerts raised through the real alert stage, so that pages look like a working fleet. */
  private static void raiseBackgroundAlerts() throws Exception {
    publish(FleetFixture.scored("compressor-7", 9120, 0.9995, true,
        List.of(new Contribution("power_w", 9120, 4300, 6600, 0.86), new Contribution("current_a", 39.8, 18.7, 28.8, 0.14))));
    publish(FleetFixture.normal("hvac-roof-2", 8450));
    DbWait.until(pgUri, "SELECT count(*) >= 2 FROM alerts");
  }

  @AfterAll
  static void stopVigil() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void overviewShowsEveryDeviceWithStatusAndTheFleetKpis() {
    browser.open(base + "#/");
    browser.await(d -> d.findElements(By.cssSelector(".device-card")).size() == FleetFixture.DEVICES.size());
    browser.awaitElement(".device-card[data-device-id='kitchen-oven-1'][data-status='online'] svg.sparkline path.series");
    browser.awaitElement(".device-card[data-device-id='elevator-main'][data-status='offline']");
    browser.awaitElement(".device-card[data-device-id='compressor-7'][data-status='alerting']");
    browser.await(d -> d.findElement(By.cssSelector("#kpi-devices .value")).getText().startsWith("10"));
    browser.await(d -> d.findElement(By.cssSelector("#kpi-health .value")).getText().equals("Healthy"));
  }

  @Test
  void openOnLocalhostTheDashboardSaysSoAndShowsNoLogin() {
    browser.open(base + "#/");
    assertThat(browser.awaitElement("#open-banner").getText()).contains("Open on localhost").contains("no login");
    assertThat(browser.driver.findElement(By.id("logout")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElements(By.cssSelector("#login-form"))).isEmpty();
  }

  @Test
  void liveReadingAppearsOnTheDevicePageWithoutReload() throws Exception {
    browser.open(base + "#/devices/pump-station-3");
    browser.awaitElement(".metric-chart[data-metric='power_w'] figure.chart:not([data-points='0']) canvas");
    browser.awaitLive();
    publish(FleetFixture.normal("pump-station-3", 1777));
    browser.await(d -> d.findElement(By.cssSelector(".metric-chart[data-metric='power_w'] .now")).getText().equals("1,777 W"));
  }

  @Test
  void devicePageDrawsTheExpectedBandFromRawReadingsAndFromRollups() {
    String chart = ".metric-chart[data-metric='power_w'] figure.chart";
    browser.open(base + "#/devices/lab-fridge-4");
    awaitBand(chart + "[aria-label='power_w over Live']");
    browser.click("button[data-range='week']");
    awaitBand(chart + "[aria-label='power_w over Week']");
  }

  @Test
  void devicePageDrawsTheExpectedBandOfLiveReadings() throws Exception {
    // Offline for 25 minutes: the live range holds no stored reading, so whatever band shows came live.
    browser.open(base + "#/devices/office-lighting");
    browser.awaitElement(".metric-charts .empty");
    browser.awaitLive();
    for (int i = 0; i < 3; i++) {
      publish(FleetFixture.banded("office-lighting", 905 + i, 700, 1100));
      Thread.sleep(300); // the relay passes one normal reading per device per 250 ms
    }
    awaitBand(".metric-chart[data-metric='power_w'] figure.chart");
    assertThat(browser.driver.findElements(By.cssSelector(".metric-chart[data-metric='voltage_v'] figure.chart:not([data-banded='0'])")))
        .as("no band where the model sent none").isEmpty();
  }

  /** Waits for a chart that draws a band (points with an expected range); the live chart redraws every second. */
  private void awaitBand(String chart) {
    browser.awaitElement(chart + ":not([data-banded='0']) canvas");
  }

  @Test
  void bannerAnnouncesANewAlertLive() throws Exception {
    browser.open(base + "#/");
    browser.awaitElement(".device-card");
    browser.awaitLive();
    publish(FleetFixture.normal("ev-charger-1", 9400));
    WebElement banner = browser.awaitElement("#banner-region .banner");
    assertThat(banner.getText()).contains("ev-charger-1").contains("power_w");
    assertThat(browser.driver.findElement(By.id("banner-region")).getAttribute("aria-live")).isEqualTo("assertive");
  }

  @Test
  void acknowledgingFromTheAlertsPageUpdatesTheTableAndTheDatabase() throws Exception {
    publish(FleetFixture.normal("water-heater-2", 8900));
    String id = DbWait.value(pgUri, "SELECT id FROM alerts WHERE device_id = 'water-heater-2' AND state = 'open'");
    browser.open(base + "#/alerts");
    String row = "tr[data-alert-id='" + id + "']";
    browser.click(row + "[data-state='open'] button[data-action='ack']");
    browser.awaitElement(row + "[data-state='acked']");
    assertThat(TestInfra.queryString(pgUri, "SELECT count(*) FROM alerts WHERE id = " + id
        + " AND state = 'acked' AND acked_at IS NOT NULL")).isEqualTo("1");
  }

  @Test
  void anAnomalyAlertShowsWhenTheFaultBeganHowLongItLastsAndTheMetricsCarryingIt() throws Exception {
    publish(FleetFixture.scored("kiln-3", 9300, 0.9995, true,
        List.of(new Contribution("power_w", 9300, 4300, 6600, 0.86), new Contribution("current_a", 40.5, 18.7, 28.8, 0.14))));
    String id = DbWait.value(pgUri, "SELECT id FROM alerts WHERE device_id = 'kiln-3' AND kind = 'anomaly'");
    browser.open(base + "#/alerts");
    String fault = "tr[data-alert-id='" + id + "'] .fault";
    // the table re-renders on live events: read it inside the wait, which retries a stale element
    String text = browser.<String>await(d -> d.findElement(By.cssSelector(fault)).getText());
    assertThat(text).startsWith("started ").contains(" · lasting ")
        .endsWith("carried by power_w (86%), current_a (14%)");
    String startedAt = browser.<String>await(d -> d.findElement(By.cssSelector(fault)).getAttribute("data-started-at"));
    assertThat(startedAt).isNotBlank();
    String lasted = browser.<String>await(d -> d.findElement(By.cssSelector(fault + " .lasted")).getText());
    // live: the duration counts on between repeats
    browser.await(d -> !d.findElement(By.cssSelector(fault + " .lasted")).getText().equals(lasted));
  }

  /** Rewrites docs/screenshots/*.png; only with -Dvigil.screenshots=true so that CI leaves them alone. */
  @Test
  @EnabledIfSystemProperty(named = "vigil.screenshots", matches = "true")
  void savesScreenshotsOfTheOverviewAndADevicePage() throws Exception {
    Path dir = Path.of("docs", "screenshots");
    browser.open(base + "#/");
    browser.await(d -> d.findElements(By.cssSelector(".device-card svg.sparkline path.series")).size() >= 10);
    browser.awaitLive();
    for (int i = 0; i < 6; i++) { // a few live readings, so the readings/s KPI shows the live rate
      publish(FleetFixture.normal("server-rack-b", 2580 + i * 7));
      publish(FleetFixture.normal("freezer-a", 372 + i));
      Thread.sleep(300);
    }
    browser.screenshot(dir.resolve("overview.png"));
    browser.driver.manage().window().setSize(new Dimension(1400, 1560));
    browser.open(base + "#/devices/compressor-7");
    browser.awaitElement(".metric-chart[data-metric='power_w'] figure.chart:not([data-points='0']) canvas");
    browser.click("button[data-range='day']");
    browser.awaitElement("#device-model dl");
    Thread.sleep(1500);
    // Drag across the middle third of the power chart: the zoomed view, with the range picker and its reset.
    WebElement plot = browser.awaitElement(".metric-chart[data-metric='power_w'] .u-over");
    int third = plot.getRect().getWidth() / 3;
    new Actions(browser.driver).moveToElement(plot, -third / 2, 0).clickAndHold().moveByOffset(third / 2, 0)
        .moveByOffset(third / 2, 0).release().perform();
    browser.await(d -> d.findElement(By.id("zoom-reset")).isDisplayed());
    Thread.sleep(1000);
    browser.screenshot(dir.resolve("device.png"));
    TestInfra.execute(pgUri, "INSERT INTO dead_letters (topic, device_id, reason, detail, payload, fingerprint,"
        + " last_received_at, occurrences) VALUES"
        + " ('devices/esp32-kitchen/telemetry', 'esp32-kitchen', 'not_a_number', 'metrics.temp must be a number, was the"
        + " text \"21.5\"', '{\"metrics\": {\"temp\": \"21.5\"}}', 'f1', now() - interval '40 seconds', 12),"
        + " ('devices/pi-garage/telemetry', 'pi-garage', 'non_finite_value', 'metrics.power_w is NaN; only finite numbers"
        + " are accepted', '{\"metrics\": {\"power_w\": NaN}}', 'f2', now() - interval '3 minutes', 3),"
        + " ('devices/bad topic/telemetry', null, 'bad_topic', 'the device id in the topic is not [A-Za-z0-9_.:-]{1,64}',"
        + " '{\"metrics\": {\"power_w\": 120}}', 'f3', now() - interval '9 minutes', 1)");
    browser.open(base + "#/rejected");
    browser.await(d -> d.findElements(By.cssSelector("tr[data-dead-letter-id]")).size() >= 3);
    browser.screenshot(dir.resolve("rejected.png"));
    browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    browser.open(base + "#/alerts");
    browser.awaitElement("tr[data-alert-id]");
    browser.driver.executeScript("localStorage.setItem('vigil.theme','dark'); document.documentElement.dataset.theme='dark'");
    browser.screenshot(dir.resolve("alerts-dark.png"));
    browser.driver.manage().window().setSize(new Dimension(420, 900));
    browser.open(base + "#/");
    browser.await(d -> d.findElements(By.cssSelector(".device-card svg.sparkline path.series")).size() >= 10);
    browser.screenshot(dir.resolve("overview-phone-dark.png"));
    assertThat(dir.resolve("overview.png")).isNotEmptyFile();
  }

  private static void publish(ScoredReading reading) {
    vertx.eventBus().publish(Addresses.READINGS_STORED, StoredReadings.of(reading));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
