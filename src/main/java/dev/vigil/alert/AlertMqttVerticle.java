package dev.vigil.alert;

import dev.vigil.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Forwards the alerts raised by this instance to MQTT {@code alerts/{deviceId}} (QoS 1, JSON of
 * {@link Alert#toJson()}), so other MQTT tools can act on them. It listens with a local consumer:
 * every instance forwards only its own alerts, so a cluster publishes each alert to MQTT once.
 */
public final class AlertMqttVerticle extends VerticleBase {

  /** Start of this verticle's MQTT client id (a random suffix follows). */
  public static final String CLIENT_ID_PREFIX = "vigil-alerts";

  private final AlertConfig config;
  private MqttLink link;

  /** {@code pool} is unused today; kept so that every alert-stage verticle is built the same way. */
  public AlertMqttVerticle(AlertConfig config, Pool pool) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    link = new MqttLink(vertx, config, CLIENT_ID_PREFIX, List.of(), null);
    return link.start().compose(v -> vertx.eventBus().<JsonObject>localConsumer(Addresses.ALERTS,
        message -> forward(message.body())).completion());
  }

  @Override
  public Future<?> stop() {
    return link == null ? Future.succeededFuture() : link.stop();
  }

  private void forward(JsonObject alert) {
    String deviceId = alert.getString("deviceId");
    if (deviceId != null) {
      link.publish("alerts/" + deviceId, alert.toBuffer());
    }
  }
}
