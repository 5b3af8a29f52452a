package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Rules page of a whole running Vigil: what it lists is what the database holds, what the form
 * creates, edits and deletes is what the API and the database then hold, the API's refusal reaches the
 * user, and a rule made on the page raises a live alert from a real MQTT reading.
 */
@ExtendWith(BrowserPerTest.class)
class RulesBrowserIT {

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high"));
    vigil.publish("boiler-1", new JsonObject().put("temperature_c", 61.5).put("pressure_bar", 2.1));
    vigil.publish("chiller-2", new JsonObject().put("temperature_c", 6.2));
    DbWait.until(vigil.pgUri, "SELECT count(*) = 2 FROM devices");
    // A rule made through the API for a device that has not reported yet.
    TestInfra.execute(vigil.pgUri, "INSERT INTO rules (device_id, metric, operator, value, severity) "
        + "VALUES ('not-yet-seen-7', 'humidity_pct', '>', 80, 'low')");
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @BeforeEach
  void openRulesPage() throws Exception {
    browser.open(vigil.page("rules"));
    browser.awaitElement("#rule-form #r-device");
  }

  @Test
  void listsTheRulesStoredInTheDatabase() throws Exception {
    String seeded = vigil.queryString("SELECT id FROM rules WHERE metric = 'power_w' AND device_id IS NULL");
    String forDevice = vigil.queryString("SELECT id FROM rules WHERE device_id = 'not-yet-seen-7'");
    assertThat(row(seeded).getText()).contains("all devices").contains("power_w > 3,000").contains("high");
    assertThat(row(forDevice).getText()).contains("not-yet-seen-7").contains("humidity_pct > 80").contains("low");
  }

  @Test
  void createsEditsAndDeletesARuleForOneDeviceThroughTheForm() throws Exception {
    new Select(browser.awaitElement("#r-device")).selectByValue("boiler-1");
    browser.awaitElement("#r-metric").sendKeys("pressure_bar");
    new Select(browser.awaitElement("#r-operator")).selectByValue(">=");
    browser.awaitElement("#r-value").sendKeys("3.5");
    new Select(browser.awaitElement("#r-severity")).selectByValue("high");
    browser.click("#rule-save");

    String id = DbWait.value(vigil.pgUri, "SELECT id FROM rules WHERE device_id = 'boiler-1' AND metric = 'pressure_bar'");
    assertThat(stored(id)).isEqualTo("boiler-1|pressure_bar|>=|3.5|high|true");
    assertThat(row(id).getText()).contains("boiler-1").contains("pressure_bar >= 3.5").contains("high");
    assertThat(browser.awaitElement("#rules-status").getText()).contains("Created rule #" + id);
    JsonObject api = vigil.getJson("/api/rules/" + id);
    assertThat(List.of(api.getString("deviceId"), api.getString("metric"), api.getString("operator"),
        api.getDouble("value"), api.getString("severity"), api.getBoolean("enabled")))
        .containsExactly("boiler-1", "pressure_bar", ">=", 3.5, "high", true);

    row(id).findElement(By.cssSelector("button[data-action='edit']")).click();
    assertThat(browser.awaitElement("#rule-form h2").getText()).isEqualTo("Edit rule #" + id);
    assertThat(new Select(browser.awaitElement("#r-device")).getFirstSelectedOption().getText()).isEqualTo("boiler-1");
    WebElement value = browser.awaitElement("#r-value");
    value.clear();
    value.sendKeys("4.2");
    new Select(browser.awaitElement("#r-severity")).selectByValue("critical");
    browser.click("#rule-save");
    browser.await(d -> row(id).getText().contains("pressure_bar >= 4.2") && row(id).getText().contains("critical"));
    assertThat(stored(id)).isEqualTo("boiler-1|pressure_bar|>=|4.2|critical|true");
    assertThat(vigil.getJson("/api/rules/" + id).getDouble("value")).isEqualTo(4.2);
    assertThat(vigil.queryString("SELECT count(*) FROM rules WHERE metric = 'pressure_bar'")).isEqualTo("1");

    row(id).findElement(By.cssSelector("button[data-action='delete']")).click();
    Alert confirm = browser.await(ExpectedConditions.alertIsPresent());
    assertThat(confirm.getText()).contains("pressure_bar >= 4.2").contains("boiler-1");
    confirm.dismiss();
    assertThat(stored(id)).as("kept when the user cancels").isNotNull();
    row(id).findElement(By.cssSelector("button[data-action='delete']")).click();
    browser.await(ExpectedConditions.alertIsPresent()).accept();
    browser.await(d -> d.findElements(By.cssSelector("tr[data-rule-id='" + id + "']")).isEmpty());
    assertThat(stored(id)).isNull();
    assertThat(vigil.getJson("/api/rules").getJsonArray("items").stream()
        .map(r -> ((JsonObject) r).getLong("id"))).doesNotContain(Long.parseLong(id));
  }

  @Test
  void showsTheApiErrorForAnInvalidRuleAndCreatesNothing() throws Exception {
    String before = vigil.queryString("SELECT count(*) FROM rules");
    int listedBefore = vigil.getJson("/api/rules").getJsonArray("items").size();

    browser.awaitElement("#r-value").sendKeys("10");
    browser.click("#rule-save");
    assertShowsApiRefusal(new JsonObject().put("metric", "").put("operator", ">").put("value", 10), "r-metric");

    WebElement metric = browser.awaitElement("#r-metric");
    metric.sendKeys("power w");
    browser.click("#rule-save");
    assertShowsApiRefusal(new JsonObject().put("metric", "power w").put("operator", ">").put("value", 10), "r-metric");
    assertThat(metric.getDomProperty("value")).as("the user's input is kept").isEqualTo("power w");

    metric.clear();
    metric.sendKeys("pressure_bar");
    WebElement value = browser.awaitElement("#r-value");
    value.clear();
    value.sendKeys("1-2"); // Chromium drops letters as they are typed, but keeps this: the field holds no number
    browser.click("#rule-save");
    assertShowsApiRefusal(new JsonObject().put("metric", "pressure_bar").put("operator", ">").putNull("value"), "r-value");

    assertThat(vigil.queryString("SELECT count(*) FROM rules")).isEqualTo(before);
    assertThat(vigil.getJson("/api/rules").getJsonArray("items")).hasSize(listedBefore);
  }

  @Test
  void aRuleCreatedOnThePageRaisesALiveAlertFromARealMqttReading() throws Exception {
    browser.awaitElement("#r-metric").sendKeys("temperature_c");
    browser.awaitElement("#r-value").sendKeys("90");
    new Select(browser.awaitElement("#r-severity")).selectByValue("critical");
    browser.click("#rule-save");
    String ruleId = DbWait.value(vigil.pgUri, "SELECT id FROM rules WHERE metric = 'temperature_c' AND value = 90");
    assertThat(row(ruleId).getText()).contains("all devices").contains("temperature_c > 90");

    browser.click("nav a[data-route='alerts']");
    browser.awaitElement("#alerts-total");
    browser.awaitLive();
    vigil.publish("boiler-1", new JsonObject().put("temperature_c", 97.5).put("pressure_bar", 2.2));

    WebElement banner = browser.awaitElement("#banner-region .banner");
    assertThat(banner.getText()).contains("boiler-1").contains("temperature_c");
    String alertId = DbWait.value(vigil.pgUri, "SELECT id FROM alerts WHERE device_id = 'boiler-1' "
        + "AND kind = 'threshold' AND metric = 'temperature_c' AND severity = 'critical' AND state = 'open'");
    WebElement alertRow = browser.awaitElement("tr[data-alert-id='" + alertId + "'][data-state='open']");
    assertThat(alertRow.getText()).contains("critical").contains("boiler-1").contains("temperature_c > 90");
  }

  @Test
  void fillsAndSubmitsTheRuleFormWithTheKeyboardAlone() throws Exception {
    for (int i = 0; i < 60 && !browser.focusedId().equals("r-device"); i++) {
      browser.press(Keys.TAB);
    }
    assertThat(browser.focusedId()).as("the form is reachable with Tab").isEqualTo("r-device");
    browser.press("chiller-2");
    browser.press(Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("r-metric");
    browser.press("temperature_c");
    browser.press(Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("r-operator");
    browser.press("<");
    browser.press(Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("r-value");
    browser.press("2");
    browser.press(Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("r-severity");
    browser.press("low");
    browser.press(Keys.TAB, Keys.TAB);
    assertThat(browser.focusedId()).isEqualTo("rule-save");
    browser.press(Keys.ENTER);

    String id = DbWait.value(vigil.pgUri, "SELECT id FROM rules WHERE device_id = 'chiller-2' AND metric = 'temperature_c'");
    assertThat(stored(id)).isEqualTo("chiller-2|temperature_c|<|2|low|true");
    browser.await(d -> browser.focusedId().equals("r-device"));
    assertThat(browser.awaitElement("#rules-status").getText()).contains("Created rule #" + id);
  }

  @Test
  void editingARuleOfADeviceThatHasNotReportedYetKeepsItsDevice() throws Exception {
    String id = vigil.queryString("SELECT id FROM rules WHERE device_id = 'not-yet-seen-7'");
    row(id).findElement(By.cssSelector("button[data-action='edit']")).click();
    assertThat(new Select(browser.awaitElement("#r-device")).getFirstSelectedOption().getDomAttribute("value"))
        .isEqualTo("not-yet-seen-7");
    WebElement value = browser.awaitElement("#r-value");
    value.clear();
    value.sendKeys("85");
    browser.click("#rule-save");
    browser.await(d -> row(id).getText().contains("humidity_pct > 85"));
    assertThat(stored(id)).isEqualTo("not-yet-seen-7|humidity_pct|>|85|low|true");
  }

  /** The page shows the error the API gives for {@code body}, marks and focuses the field it names. */
  private void assertShowsApiRefusal(JsonObject body, String inputId) throws Exception {
    HttpResponse<String> refused = vigil.postJson("/api/rules", body.put("severity", "medium").put("enabled", true), null);
    assertThat(refused.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(refused.body());
    browser.await(d -> browser.awaitElement("#rules-error").getText().contains(error.getString("reason")));
    assertThat(browser.awaitElement("#rules-error").getText()).contains(error.getString("error"));
    assertThat(browser.awaitElement("#" + inputId).getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.focusedId()).isEqualTo(inputId);
  }

  private WebElement row(String ruleId) {
    return browser.awaitElement("tr[data-rule-id='" + ruleId + "']");
  }

  /** The rule as stored: device|metric|operator|value|severity|enabled, or null when there is none. */
  private static String stored(String ruleId) throws Exception {
    return vigil.queryString("SELECT concat_ws('|', device_id, metric, operator, value, severity, enabled::text) "
        + "FROM rules WHERE id = " + ruleId);
  }
}
