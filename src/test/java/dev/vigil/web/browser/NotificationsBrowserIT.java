package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.notify.WebhookReceiver;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Notifications page of a whole running Vigil: a channel added through the form is what the API
 * and the database then hold, its "Send test" reaches a real HTTP receiver, a real MQTT reading that
 * breaks a rule shows up in the delivery log as sent, and the API's refusal reaches the user.
 */
@ExtendWith(BrowserPerTest.class)
class NotificationsBrowserIT {

  private static LiveVigil vigil;
  private static Vertx vertx;
  private static WebhookReceiver receiver;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vertx = Vertx.vertx();
    receiver = new WebhookReceiver(vertx, TestInfra.freePort());
    receiver.up();
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high", ConfigKey.NOTIFY_INTERVAL_MS, "200"));
  }

  @AfterAll
  static void stopVigil() throws Exception {
    if (vigil != null) {
      vigil.close();
    }
    receiver.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void openPage() throws Exception {
    browser.open(vigil.page("notifications"));
    browser.awaitElement("#channel-form #c-name");
  }

  private WebElement row(String id) {
    return browser.awaitElement("tr[data-channel-id='" + id + "']");
  }

  @Test
  void aWebhookChannelAddedThroughTheFormIsStoredAndItsSendTestReachesTheReceiver() throws Exception {
    browser.awaitElement("#c-name").sendKeys("plant hook");
    new Select(browser.awaitElement("#c-type")).selectByValue("webhook");
    browser.awaitElement("#c-url").sendKeys(receiver.url());
    browser.awaitElement("#c-secret").sendKeys("shared-with-the-receiver");
    new Select(browser.awaitElement("#c-min")).selectByValue("high");
    browser.awaitElement("#c-devices").sendKeys("pump-*, boiler.?");
    browser.click("#channel-save");

    String id = DbWait.value(vigil.pgUri, "SELECT id FROM notification_channels WHERE name = 'plant hook'");
    JsonObject stored = vigil.getJson("/api/channels/" + id);
    assertThat(stored.getString("type")).isEqualTo("webhook");
    assertThat(stored.getJsonObject("settings").getString("url")).isEqualTo(receiver.url());
    assertThat(stored.getJsonObject("settings").getString("secret")).as("never shown back").isEqualTo("(set)");
    assertThat(stored.getJsonObject("routing").getString("minSeverity")).isEqualTo("high");
    assertThat(stored.getJsonObject("routing").getJsonArray("devices")).containsExactly("pump-*", "boiler.?");
    assertThat(row(id).getText()).contains("plant hook").contains("high+").contains("pump-*");

    int before = receiver.calls().size();
    WebElement test = row(id).findElement(By.cssSelector("button[data-action='test']"));
    browser.script("arguments[0].scrollIntoView({block: 'center'})", test); // not under the sticky top bar
    test.click();
    browser.await(d -> d.findElement(By.id("notify-status")).getText().contains("Test sent on plant hook"));
    assertThat(receiver.calls()).hasSize(before + 1);
    assertThat(receiver.calls().get(before).body().getString("event")).isEqualTo("test");
    assertThat(receiver.calls().get(before).signatureHeader()).isEqualTo(dev.vigil.notify.Signature.of(
        "shared-with-the-receiver", receiver.calls().get(before).raw().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void aReadingThatBreaksARuleAppearsInTheDeliveryLogAsSent() throws Exception {
    vigil.postJson("/api/channels", new JsonObject().put("name", "log hook").put("type", "webhook")
        .put("settings", new JsonObject().put("url", receiver.url())), null);
    vigil.publish("pump-9", "power_w", 5400);
    DbWait.until(vigil.pgUri, "SELECT count(*) > 0 FROM notification_outbox o JOIN alert_transitions t "
        + "ON t.id = o.transition_id WHERE t.alert->>'device_id' = 'pump-9' AND o.state = 'sent'");

    browser.click("#d-refresh");
    WebElement entry = browser.await(d -> d.findElements(By.cssSelector("#deliveries-table tbody tr")).stream()
        .filter(r -> r.getText().contains("pump-9") && r.getText().contains("log hook")).findFirst().orElse(null));
    assertThat(entry.getText()).contains("opened").contains("sent");
  }

  @Test
  void anInvalidUrlShowsTheApiErrorNamingTheFieldAndStoresNothing() throws Exception {
    String before = vigil.queryString("SELECT count(*) FROM notification_channels");
    browser.awaitElement("#c-name").sendKeys("broken");
    new Select(browser.awaitElement("#c-type")).selectByValue("slack");
    browser.awaitElement("#c-url").sendKeys("javascript:alert(1)");
    browser.click("#channel-save");

    WebElement error = browser.awaitElement("#notify-error .error-box");
    assertThat(error.getText()).contains("settings.url").contains("http");
    assertThat(browser.awaitElement("#c-url").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(vigil.queryString("SELECT count(*) FROM notification_channels")).isEqualTo(before);
  }
}
