package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A device's history, sent over MQTT with its own timestamps, becomes a forecast of its next 24 hours that
 * the device page draws after the data: MQTT, store, rollups, the forecast job's first round, the API and
 * the chart of a real browser.
 */
@ExtendWith(BrowserPerTest.class)
class ForecastBrowserIT {

  static final String DEVICE = "office-meter";
  /** 22 days of readings every 30 minutes: just over the 21 days a forecast needs. */
  static final Instant START = Instant.parse("2014-03-03T00:00:00Z");
  static final Instant END = Instant.parse("2014-03-25T12:00:00Z");
  static final String CHART = ".metric-chart[data-metric='power_w'] figure.chart";

  private static LiveVigil vigil;

  @BeforeAll
  static void replayHistory() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.FORECAST_ZONE, "UTC", ConfigKey.FORECAST_EVERY_MIN, "1"));
    JsonArray batch = new JsonArray();
    for (Instant t = START; t.isBefore(END); t = t.plusSeconds(1800)) {
      var utc = t.atOffset(ZoneOffset.UTC);
      boolean office = utc.getDayOfWeek().getValue() <= 5 && utc.getHour() >= 8 && utc.getHour() < 18;
      batch.add(new JsonObject().put("ts", t.toString())
          .put("metrics", new JsonObject().put("power_w", (office ? 1200 : 300) + (t.getEpochSecond() / 1800 % 7))));
      if (batch.size() == 100) {
        vigil.publishPayload(DEVICE, batch.toBuffer());
        batch = new JsonArray();
      }
    }
    vigil.publishPayload(DEVICE, batch.toBuffer());
    // The job's first round comes a minute after start, then one a minute (set above): a round that ran
    // before every late reading was rolled up is followed by one that sees the whole history.
    long deadline = System.currentTimeMillis() + 180_000;
    // Rounds that ran while the history arrived forecast from earlier hours; the one that counts starts
    // from the latest hour (11:00, the last reading being at 11:30).
    String sql = "SELECT count(*) = 24 FROM forecasts WHERE device_id = '" + DEVICE + "' AND basis = '"
        + END.minusSeconds(3600) + "'";
    while (!"t".equals(TestInfra.queryString(vigil.pgUri, sql))) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no 24 forecast hours from " + END.minusSeconds(3600) + " within 3 minutes; stored (basis,"
            + " hours): " + TestInfra.queryString(vigil.pgUri, "SELECT string_agg(basis || ' ' || n, '; ') FROM (SELECT"
            + " basis, count(*) n FROM forecasts GROUP BY basis) f") + "; rollups: " + TestInfra.queryString(vigil.pgUri,
            "SELECT min(bucket_start) || ' .. ' || max(bucket_start) || ', ' || count(*) FROM reading_rollups"));
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void theDevicePageDrawsTheNextTwentyFourHoursAfterTheLatestReadings(Browser browser) {
    browser.open(vigil.page("devices/" + DEVICE + "?from=2014-03-23T12:00:00Z&to=2014-03-25T12:00:00Z"));
    browser.await(d -> "24".equals(d.findElement(By.cssSelector(CHART)).getDomAttribute("data-forecast")));

    String note = browser.awaitElement(".metric-chart[data-metric='power_w'] .forecast-note").getText();
    assertThat(note).startsWith("Dashed: forecast of the next 24 hours from");
    assertThat(Long.parseLong(browser.driver.findElement(By.cssSelector(CHART)).getDomAttribute("data-last-t")))
        .as("the newest reading, not a forecast hour, is the chart's last value").isLessThan(END.toEpochMilli());
  }
}
