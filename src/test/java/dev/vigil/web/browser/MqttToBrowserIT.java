package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.ConfigKey;
import dev.vigil.app.VigilRuntime;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard of a whole running Vigil fed the way a user feeds it: readings published over MQTT
 * through the real broker, not injected on the event bus.
 */
class MqttToBrowserIT {

  private static VigilRuntime vigil;
  private static Vertx client;
  private static MqttClient device;
  private static Pool db;
  private static String base;

  @BeforeAll
  static void startVigil() throws Exception {
    Browser.assumeInstalled();
    int httpPort = TestInfra.freePort();
    String pgUri = TestInfra.freshDatabase();
    vigil = TestVigil.start(pgUri, httpPort, Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high"));
    client = Vertx.vertx();
    device = MqttClient.create(client);
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
    db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(client).build();
    base = "http://localhost:" + httpPort + "/";
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      device.disconnect().await();
      db.close().await();
      client.close().await();
      vigil.close();
    }
  }

  @Test
  void readingPublishedOverMqttAppearsOnTheDevicePageAndItsAlertCanBeAcknowledged() throws Exception {
    String id = "hall-" + UUID.randomUUID().toString().substring(0, 6);
    for (int i = 0; i < 3; i++) {
      publish(id, 800 + i);
    }
    try (Browser browser = Browser.start()) {
      browser.open(base + "#/devices/" + id);
      browser.awaitElement(".metric-chart[data-metric='power_w']");
      browser.awaitLive();
      publish(id, 1234);
      browser.await(d -> d.findElement(By.cssSelector(".metric-chart[data-metric='power_w'] .now")).getText()
          .equals("1,234 W"));

      publish(id, 5400);
      assertThat(browser.awaitElement("#banner-region .banner").getText()).contains(id).contains("power_w");

      browser.open(base + "#/alerts");
      String row = "tr[data-alert-id='" + openAlertOf(id) + "']";
      browser.awaitElement(row + "[data-state='open'] button[data-action='ack']").click();
      browser.awaitElement(row + "[data-state='acked']");
    }
    long acked = db.preparedQuery("SELECT count(*) FROM alerts WHERE device_id = $1 AND state = 'acked'")
        .execute(Tuple.of(id)).await().iterator().next().getLong(0);
    assertThat(acked).isEqualTo(1);
  }

  private static long openAlertOf(String deviceId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      var rows = db.preparedQuery("SELECT id FROM alerts WHERE device_id = $1 AND state = 'open'")
          .execute(Tuple.of(deviceId)).await();
      if (rows.size() > 0) {
        return rows.iterator().next().getLong(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no open alert for " + deviceId);
  }

  private static void publish(String id, double powerW) {
    device.publish("devices/" + id + "/telemetry",
        new JsonObject().put("metrics", new JsonObject().put("power_w", powerW)).toBuffer(),
        MqttQoS.AT_LEAST_ONCE, false, false).await();
  }
}
