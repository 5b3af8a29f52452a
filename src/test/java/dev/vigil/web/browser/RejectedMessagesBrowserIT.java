package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Rejection;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A maker whose device sends {@code {"temp": "21"}} over MQTT finds out why nothing shows up: the
 * Rejected page names the reason in words with the payload, counts the device's refusals, and the
 * device page links to them.
 */
@ExtendWith(BrowserPerTest.class)
class RejectedMessagesBrowserIT {

  private static LiveVigil vigil;
  private static Vertx vertx;
  private static MqttClient device;

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of());
    vertx = Vertx.vertx();
    device = MqttClient.create(vertx);
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
  }

  @AfterAll
  static void stopVigil() {
    if (device != null) {
      device.disconnect().await();
      vertx.close().await();
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  private static void send(String deviceId, String payload) {
    device.publish("devices/" + deviceId + "/telemetry", Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .await();
  }

  @Test
  void aQuotedNumberIsShownWithItsReasonInWordsItsPayloadAndTheDevicesCount(Browser browser) throws Exception {
    String maker = "esp-" + UUID.randomUUID().toString().substring(0, 6);
    vigil.publish(maker, "humidity", 40); // known to Vigil, so it has a device page
    send(maker, "{\"temp\": \"21\"}");
    send(maker, "{\"metrics\": {\"temp\": \"22\"}}");
    send(maker, "{temp: 21");
    DbWait.value(vigil.pgUri, "SELECT CASE WHEN sum(occurrences) = 3 THEN 'all kept' END FROM dead_letters "
        + "WHERE device_id = '" + maker + "'");

    browser.open(vigil.page("rejected"));
    assertThat(browser.awaitElement("tr[data-reason='no_metrics']").getText()).contains(maker)
        .contains("no metric with a number value (a quoted \"21\" is text)").contains("{\"temp\": \"21\"}");
    assertThat(browser.awaitElement("tr[data-reason='not_a_number']").getText())
        .contains("a metric value is not a number").contains("{\"metrics\": {\"temp\": \"22\"}}");
    assertThat(browser.awaitElement("tr[data-reason='not_json']").getText()).contains("payload is not valid JSON")
        .contains("{temp: 21");
    assertThat(browser.awaitElement("#dead-letters-by-device li[data-device-id='" + maker + "'] .count").getText())
        .isEqualTo("3");

    browser.open(vigil.page("devices/" + maker));
    WebElement link = browser.awaitElement("#device-rejected");
    assertThat(link.getText()).isEqualTo("3 rejected messages");
    link.click();
    browser.await(d -> d.getCurrentUrl().endsWith("#/rejected?deviceId=" + maker));
    browser.await(d -> d.findElements(By.cssSelector("#dead-letters tbody tr")).size() == 3);
    assertThat(browser.driver.findElement(By.id("f-device")).getDomProperty("value")).isEqualTo(maker);
  }

  @Test
  void theReasonFilterOffersEveryReasonInWordsAndShowsOnlyThatReason(Browser browser) throws Exception {
    String maker = "esp-" + UUID.randomUUID().toString().substring(0, 8);
    send(maker, "{\"metrics\": {\"temp\": \"21\"}}");
    send(maker, "{temp: 21");
    DbWait.value(vigil.pgUri, "SELECT CASE WHEN sum(occurrences) = 2 THEN 'all kept' END FROM dead_letters "
        + "WHERE device_id = '" + maker + "'");

    browser.open(vigil.page("rejected?deviceId=" + maker));
    browser.await(d -> d.findElements(By.cssSelector("#dead-letters tbody tr")).size() == 2);
    Select reason = new Select(browser.awaitElement("#f-reason"));
    browser.awaitElement("#f-reason option[value='not_json']");
    assertThat(reason.getOptions()).hasSize(1 + Rejection.Reason.values().length);
    reason.selectByVisibleText("payload is not valid JSON");
    browser.await(d -> d.findElements(By.cssSelector("#dead-letters tbody tr")).size() == 1
        && !d.findElements(By.cssSelector("#dead-letters tr[data-reason='not_json']")).isEmpty());
  }
}
