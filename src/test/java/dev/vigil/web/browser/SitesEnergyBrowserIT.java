package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Sites and tags set on the device page of a real Vigil, fed over MQTT, and the site's energy on the overview.
 * Three devices send power every 10 s for one hour (starting 90 minutes ago): a 2,000 W boiler and a 500 W
 * lamp, to be placed in site plant-a, and a 1,000 W pump left without site.
 */
@ExtendWith(BrowserPerTest.class)
class SitesEnergyBrowserIT {

  static final Instant START = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
  static final Map<String, Double> WATTS = Map.of("plant-boiler", 2000.0, "plant-lamp", 500.0, "yard-pump", 1000.0);

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void sendAnHourOfPower() throws Exception {
    vigil = LiveVigil.start(Map.of());
    for (Map.Entry<String, Double> device : WATTS.entrySet()) {
      JsonArray batch = new JsonArray();
      for (int s = 0; s < 3600; s += 10) {
        batch.add(new JsonObject().put("ts", START.plusSeconds(s).toString())
            .put("metrics", new JsonObject().put("power_w", device.getValue())));
        if (batch.size() == 120) {
          vigil.publishPayload(device.getKey(), batch.toBuffer());
          batch = new JsonArray();
        }
      }
    }
    for (String id : WATTS.keySet()) {
      DbWait.until(vigil.pgUri, "SELECT count(*) = 60 FROM reading_rollups WHERE device_id = '" + id + "' AND metric = 'power_w'");
    }
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @BeforeEach
  void recordCspViolations() {
    browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations"
            + ".push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"));
  }

  @Test
  void aSiteAndTagsSetOnTheDevicePageShowTheSitesEnergyOnTheOverview() throws Exception {
    place("plant-boiler", "plant-a", "floor:2, kind:hvac");
    place("plant-lamp", "plant-a", "floor:2");

    browser.open(vigil.page("?site=plant-a"));
    String energy = "#energy[data-scope='site plant-a']";
    browser.awaitElement(energy);
    assertThat(consumption(energy)).as("one hour of 2,000 W and 500 W").isCloseTo(2.5, Offset.offset(0.001));
    assertThat(rowsOf("#energy-devices")).containsExactly("plant-boiler", "plant-lamp");
    assertThat(browser.awaitElement("#energy-consumption .value").getText()).startsWith("2.5");
    browser.await(d -> d.findElements(By.cssSelector("#device-grid .device-card")).size() == 2);
    assertThat(Integer.parseInt(browser.awaitElement("#energy figure.bar-chart").getAttribute("data-buckets")))
        .as("a bar for every hour of the last 24 h, started or whole").isBetween(24, 25);

    browser.await(d -> new Select(d.findElement(By.id("tag-filter"))).getOptions().size() > 2);
    new Select(browser.awaitElement("#tag-filter")).selectByValue("kind:hvac");
    String hvac = "#energy[data-scope='site plant-a · tag kind:hvac']";
    browser.awaitElement(hvac);
    assertThat(consumption(hvac)).isCloseTo(2.0, Offset.offset(0.001));
    assertThat(rowsOf("#energy-devices")).containsExactly("plant-boiler");
    assertThat(browser.driver.getCurrentUrl()).as("the filter is kept in the URL").endsWith("#/?site=plant-a&tag=kind%3Ahvac");
    browser.await(d -> d.findElements(By.cssSelector("#device-grid .device-card")).size() == 1);

    JsonObject api = vigil.getJson("/api/energy?site=plant-a&from=" + START + "&to=" + START.plusSeconds(3600));
    assertThat(api.getJsonObject("totals").getDouble("consumptionKwh")).as("the API agrees").isCloseTo(2.5, Offset.offset(0.001));
    assertThat(browser.script("return window.cspViolations;")).as("CSP violations").asList().isEmpty();
    browser.script("document.getElementById('energy').scrollIntoView()");
    browser.screenshot(Path.of("target", "sites-browser", "site-energy.png"));
  }

  @Test
  void anInvalidTagIsRefusedOnTheDevicePageWithTheReason() {
    browser.open(vigil.page("devices/yard-pump"));
    browser.focus("#placement-tags").sendKeys("floor:2:3");
    browser.click("#placement-save");
    browser.await(d -> d.findElement(By.id("placement-status")).getText().startsWith("Not saved: tags must match"));
    assertThat(browser.awaitElement("#placement-summary").getText()).contains("No site");
  }

  /** Sets a device's site and tags through its page, as a user would. */
  private void place(String device, String site, String tags) {
    browser.open(vigil.page("devices/" + device));
    WebElement siteField = browser.focus("#placement-site");
    siteField.clear();
    siteField.sendKeys(site);
    WebElement tagsField = browser.focus("#placement-tags");
    tagsField.clear();
    tagsField.sendKeys(tags);
    browser.click("#placement-save");
    browser.await(d -> d.findElement(By.id("placement-status")).getText().equals("Saved."));
    assertThat(browser.awaitElement("#placement-summary").getText()).contains("Site " + site);
  }

  private double consumption(String css) {
    return Double.parseDouble(browser.awaitElement(css).getAttribute("data-consumption-kwh"));
  }

  private List<String> rowsOf(String table) {
    return browser.driver.findElements(By.cssSelector(table + " tbody tr")).stream()
        .map(r -> r.getAttribute("data-device-id")).toList();
  }
}
