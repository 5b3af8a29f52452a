package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every page on a 360 x 740 phone: nothing makes the page scroll sideways, and what a person acts on
 * (an alert's Ack and Clear, a rule's Delete, a rejected message's payload) lies inside the screen.
 * The Vigil holds a week of fleet history, live alerts with long messages, rules and refused messages,
 * all fed over MQTT where a device would send them.
 */
@ExtendWith(BrowserPerTest.class)
class PhoneBrowserIT {

  private static final int WIDTH = 360;
  private static final int HEIGHT = 740;
  private static final String LONG_ID = "kitchen-oven-with-a-rather-long-device-name-7";
  private static LiveVigil vigil;
  private static String alertOfLongId;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.startWithFleetHistory(Map.of(ConfigKey.ALERT_RULES,
        "power_w>3000:high;temperature_c>8:medium;voltage_v<200:critical"));
    vigil.publish(LONG_ID, io.vertx.core.json.JsonObject.of("power_w", 5123.456789, "voltage_v", 229.87654321));
    Vertx vertx = Vertx.vertx();
    try {
      MqttClient device = MqttClient.create(vertx);
      device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
      device.publish("devices/" + LONG_ID + "/telemetry", Buffer.buffer("{\"metrics\": {\"power_w\": \""
          + "5400 watts, measured by a very chatty firmware that quotes every value it sends\"}}"),
          MqttQoS.AT_LEAST_ONCE, false, false).await();
      device.disconnect().await();
    } finally {
      vertx.close().await();
    }
    DbWait.until(vigil.pgUri, "SELECT EXISTS (SELECT 1 FROM dead_letters WHERE device_id = '" + LONG_ID + "')");
    alertOfLongId = DbWait.value(vigil.pgUri, "SELECT id FROM alerts WHERE device_id = '" + LONG_ID + "'");
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @BeforeEach
  void openPhone() throws Exception {
    browser.emulatePhone(WIDTH, HEIGHT);
  }

  /** Opens a route, waits for what shows it is drawn, and checks the page does not scroll sideways. */
  private void openAndCheck(String route, String drawn) {
    browser.open(vigil.page(route));
    browser.awaitElement(drawn);
    assertThat(browser.horizontalOverflow()).as(() -> "#/" + route + " scrolls sideways, past the screen: "
        + browser.script(WIDEST)).isZero();
  }

  /** The innermost elements reaching past the screen's right edge, to say what makes a page too wide. */
  private static final String WIDEST = """
      const w = document.documentElement.clientWidth, past = e => e.getBoundingClientRect().right > w + 0.5;
      return [...document.querySelectorAll('body *')].filter(e => past(e) && ![...e.children].some(past)).slice(0, 5)
        .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)
        .join(', ');""";

  private void assertOnScreen(String css) {
    WebElement element = browser.awaitElement(css);
    browser.script("arguments[0].scrollIntoView({block: 'center'})", element);
    long left = (Long) browser.script("return Math.floor(arguments[0].getBoundingClientRect().left)", element);
    long right = (Long) browser.script("return Math.ceil(arguments[0].getBoundingClientRect().right)", element);
    assertThat(left).as(css + " left edge").isGreaterThanOrEqualTo(0);
    assertThat(right).as(css + " right edge").isLessThanOrEqualTo(WIDTH);
  }

  @Test
  void theOverviewFitsAPhone() {
    openAndCheck("", ".device-card");
    browser.await(d -> d.findElements(By.cssSelector(".device-card")).size() >= 12);
    assertThat(browser.horizontalOverflow()).isZero();
  }

  @Test
  void aDevicePageWithALongNameFitsAPhone() {
    openAndCheck("devices/" + LONG_ID, ".metric-chart[data-metric='power_w']");
    browser.awaitElement("#device-alerts tr[data-alert-id]");
    assertThat(browser.horizontalOverflow()).isZero();
    assertOnScreen("#device-alerts button[data-action='ack']");
    assertOnScreen("#device-rejected");
  }

  @Test
  void theAlertsPageShowsEachAlertAsACardWithItsButtonsOnScreen() {
    String row = "tr[data-alert-id='" + alertOfLongId + "']";
    openAndCheck("alerts", row);
    assertOnScreen(row + " button[data-action='ack']");
    assertOnScreen(row + " button[data-action='clear']");
    assertOnScreen(row + " a[href='#/devices/" + LONG_ID + "']");
  }

  @Test
  void theRulesPageKeepsEditAndDeleteOnScreen() {
    openAndCheck("rules", "#rules-table tr[data-rule-id]");
    assertOnScreen("#rules-table button[data-action='delete']");
    assertOnScreen("#rules-table button[data-action='edit']");
  }

  @Test
  void theRejectedPageFitsAPhone() {
    openAndCheck("rejected", "tr[data-dead-letter-id]");
    assertOnScreen("tr[data-dead-letter-id] code.payload");
  }

  @Test
  void theSettingsPageFitsAPhone() {
    openAndCheck("settings", "#settings-form");
    assertOnScreen("#s-save");
  }
}
