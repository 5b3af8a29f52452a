package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The dashboard of a whole running Vigil fed the way a user feeds it: readings published over MQTT
 * through the real broker, not injected on the event bus.
 */
@ExtendWith(BrowserPerTest.class)
class MqttToBrowserIT {

  private static LiveVigil vigil;

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high"));
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void readingPublishedOverMqttAppearsOnTheDevicePageAndItsAlertCanBeAcknowledged(Browser browser) throws Exception {
    String id = "hall-" + UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < 3; i++) {
      vigil.publish(id, "power_w", 800 + i);
    }
    browser.open(vigil.page("devices/" + id));
    browser.awaitElement(".metric-chart[data-metric='power_w']");
    browser.awaitLive();
    vigil.publish(id, "power_w", 1234);
    browser.await(d -> d.findElement(By.cssSelector(".metric-chart[data-metric='power_w'] .now")).getText()
        .equals("1,234 W"));

    vigil.publish(id, "power_w", 5400);
    assertThat(browser.awaitElement("#banner-region .banner").getText()).contains(id).contains("power_w");

    browser.open(vigil.page("alerts"));
    String alertId = DbWait.value(vigil.pgUri, "SELECT id FROM alerts WHERE device_id = '" + id + "' AND state = 'open'");
    String row = "tr[data-alert-id='" + alertId + "']";
    browser.click(row + "[data-state='open'] button[data-action='ack']");
    browser.awaitElement(row + "[data-state='acked']");
    assertThat(vigil.queryString("SELECT count(*) FROM alerts WHERE device_id = '" + id + "' AND state = 'acked'"))
        .isEqualTo("1");
  }
}
