package dev.vigil.alert;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.energy.Placement;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.SiteStore;
import dev.vigil.store.StoredReadings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what devices say of themselves on their retained {@code devices/{id}/meta} topic (site, tags, energy
 * role) unless a person placed the device (docs/decisions.md, "Sites and tags"). A message for a device Vigil has
 * not stored a reading of yet waits, in memory, for its first reading. An invalid message is logged and ignored.
 */
public final class DeviceMetaVerticle extends VerticleBase {

  /** Start of this verticle's MQTT client id (a random suffix follows). */
  public static final String CLIENT_ID_PREFIX = "vigil-meta";
  /** Devices whose meta waits for a first reading: beyond this, the oldest are forgotten (sent again next start). */
  static final int MAX_WAITING = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(DeviceMetaVerticle.class);

  private final AlertConfig config;
  private final Pool pool;
  private final Map<String, Placement> waiting = new LinkedHashMap<>();
  private SiteStore sites;
  private MqttLink link;

  public DeviceMetaVerticle(AlertConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, StoredReadings.class);
    sites = new SiteStore(pool);
    link = new MqttLink(vertx, config, CLIENT_ID_PREFIX, List.of(MetaMessage.TOPIC_FILTER), this::onMeta);
    return vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
            StoredReadings.each(this::onReading))
        .completion().compose(v -> link.start());
  }

  @Override
  public Future<?> stop() {
    return link == null ? Future.succeededFuture() : link.stop();
  }

  private void onMeta(MqttPublishMessage message) {
    MetaMessage meta = MetaMessage.parse(message.topicName(), message.payload().getBytes());
    if (meta == null) {
      return;
    }
    if (meta.refusal() != null) {
      LOG.warn("device {}: meta message ignored: {}", meta.deviceId(), meta.refusal());
      return;
    }
    apply(meta.deviceId(), meta.placement()).onSuccess(applied -> {
      if (!applied) {
        waiting.remove(meta.deviceId());
        waiting.put(meta.deviceId(), meta.placement());
        if (waiting.size() > MAX_WAITING) {
          waiting.remove(waiting.keySet().iterator().next());
        }
      }
    });
  }

  private void onReading(ScoredReading scored) {
    Placement pending = waiting.remove(scored.reading().deviceId());
    if (pending != null) {
      apply(scored.reading().deviceId(), pending);
    }
  }

  private Future<Boolean> apply(String deviceId, Placement placement) {
    return sites.placeAsDevice(deviceId, placement)
        .onSuccess(applied -> LOG.debug("device {}: meta {} ({})", deviceId, placement.toJson().encode(),
            applied ? "applied" : "not applied"))
        .onFailure(e -> LOG.warn("device {}: meta not stored: {}", deviceId, e.getMessage()));
  }
}
