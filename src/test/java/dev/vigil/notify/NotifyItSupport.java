package dev.vigil.notify;

import dev.vigil.testsupport.TestInfra;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the notification integration tests share: API calls, MQTT readings, and waiting on the database. */
final class NotifyItSupport {

  static final long WAIT_SECONDS = 60;

  private NotifyItSupport() {
  }

  static HttpResponse<Buffer> post(WebClient web, int port, String path, JsonObject body) {
    return web.post(port, "localhost", path).putHeader("Content-Type", "application/json")
        .sendBuffer(body.toBuffer()).await();
  }

  static long createChannel(WebClient web, int port, JsonObject channel) {
    HttpResponse<Buffer> created = post(web, port, "/api/channels", channel);
    if (created.statusCode() != 201) {
      throw new AssertionError("channel not created: " + created.statusCode() + " " + created.bodyAsString());
    }
    return created.bodyAsJsonObject().getLong("id");
  }

  static void publishPower(MqttClient device, String deviceId, double watts) {
    device.publish("devices/" + deviceId + "/telemetry",
        new JsonObject().put("metrics", new JsonObject().put("power_w", watts)).toBuffer(), MqttQoS.AT_LEAST_ONCE,
        false, false).await();
  }

  /**
   * True when every transition of the device's alerts is routed and none of their deliveries is still
   * pending: what was to be sent has been, and nothing more will be.
   */
  static boolean settled(String pgUri, String deviceId) {
    return count(pgUri, "SELECT count(*) FROM alert_transitions t LEFT JOIN notification_outbox o "
        + "ON o.transition_id = t.id WHERE t.alert->>'device_id' = '" + deviceId + "' "
        + "AND (NOT t.routed OR o.state = 'pending')") == 0;
  }

  static long count(String pgUri, String sql) {
    try {
      return Long.parseLong(TestInfra.queryString(pgUri, sql));
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code condition} holds; fails after {@link #WAIT_SECONDS} naming what it waited for. */
  static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT_SECONDS + " s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
