package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Alerts a person can read: new alerts arriving together share one box that folds away, and a measured
 * value reads "27.03" on the page, in the REST API and in the MQTT alert payload alike.
 */
@ExtendWith(BrowserPerTest.class)
class AlertsWorthReadingBrowserIT {

  private static final double UNROUNDED = 27.025634211258577;
  private static LiveVigil vigil;
  private static Vertx mqtt;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "temperature_c>25:high"));
    mqtt = Vertx.vertx();
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
    if (mqtt != null) {
      mqtt.close().await();
    }
  }

  private static String device(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void newAlertsShareOneBoxThatFoldsAwayAndStaysFoldedAcrossPages() {
    List<String> boilers = List.of(device("boiler"), device("boiler"), device("boiler"));
    browser.open(vigil.page(""));
    browser.awaitLive();
    boilers.forEach(id -> vigil.publish(id, "temperature_c", UNROUNDED));

    WebElement box = browser.awaitElement("#banner-region .banner-box");
    browser.await(d -> box.findElements(By.cssSelector(".banner")).size() == 3);
    assertThat(d(".banner-box .banner-summary").getText()).isEqualTo("3 new alerts (3 threshold)");
    assertThat(browser.driver.findElements(By.cssSelector("#banner-region .banner-box"))).hasSize(1);

    browser.click(".banner-box .banner-toggle");
    browser.await(d -> !d(".banner-box .banner-list").isDisplayed());
    assertThat(d(".banner-box .banner-toggle").getDomAttribute("aria-expanded")).isEqualTo("false");

    vigil.publish(device("boiler"), "temperature_c", UNROUNDED);
    browser.await(d -> d(".banner-box .banner-summary").getText().startsWith("4 new alerts"));
    assertThat(d(".banner-box .banner-list").isDisplayed()).as("a new alert does not unfold the box").isFalse();

    browser.open(vigil.page("rules"));
    browser.awaitLive();
    vigil.publish(device("boiler"), "temperature_c", UNROUNDED);
    browser.awaitElement("#banner-region .banner-box .banner-summary");
    assertThat(d(".banner-box .banner-list").isDisplayed()).as("folded on the next page too").isFalse();
    browser.click(".banner-box .banner-toggle");
    assertThat(browser.awaitElement(".banner-box .banner").getText()).contains("27.03");
  }

  @Test
  void aMeasuredValueReadsWithMeaningfulDigitsOnThePageInTheApiAndOverMqtt() throws Exception {
    String id = device("kiln");
    BlockingQueue<JsonObject> payloads = subscribe("alerts/" + id);
    browser.open(vigil.page(""));
    browser.awaitLive();
    vigil.publish(id, "temperature_c", UNROUNDED);

    String banner = browser.await(d -> d.findElements(By.cssSelector("#banner-region .banner")).stream()
        .map(WebElement::getText).filter(t -> t.contains(id)).findFirst().orElse(null));
    assertThat(banner).contains("temperature_c = 27.03 breaks rule temperature_c > 25").doesNotContain("27.025");

    JsonObject published = payloads.poll(20, TimeUnit.SECONDS);
    assertThat(published).as("alert published on MQTT").isNotNull();
    assertThat(published.getString("message")).isEqualTo("temperature_c = 27.03 breaks rule temperature_c > 25");
    assertThat(published.getDouble("value")).isEqualTo(27.03);

    JsonObject listed = vigil.getJson("/api/alerts?deviceId=" + id).getJsonArray("items").getJsonObject(0);
    assertThat(listed.getString("message")).isEqualTo(published.getString("message"));
    assertThat(listed.getDouble("value")).isEqualTo(27.03);

    browser.open(vigil.page("alerts"));
    String row = browser.awaitElement("tr[data-alert-id='" + listed.getLong("id") + "']").getText();
    assertThat(row).contains("27.03").doesNotContain("27.025");
  }

  private WebElement d(String css) {
    return browser.driver.findElement(By.cssSelector(css));
  }

  private static BlockingQueue<JsonObject> subscribe(String topic) {
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    MqttClient client = MqttClient.create(mqtt);
    client.publishHandler(m -> received.add(new JsonObject(m.payload())));
    client.connect(TestInfra.broker().port(), TestInfra.broker().host())
        .compose(ack -> client.subscribe(topic, MqttQoS.AT_LEAST_ONCE.value())).await();
    return received;
  }
}
