package dev.vigil.alert;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.AlertStore;
import dev.vigil.store.PresenceStore;
import dev.vigil.store.PresenceStore.StatusChange;
import dev.vigil.store.StoredReadings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.sqlclient.Pool;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device presence. A device is offline when it says so on {@code devices/{id}/status} (its last will)
 * or when it has sent nothing for {@code offlineAfterSeconds} (checked every ~10 s, or every half of
 * that time when it is shorter); it is online again when it says so or when a reading arrives. Each
 * change updates devices.status, is published as {deviceId, status, at} on
 * {@link Addresses#DEVICE_STATUS}, and opens or clears the device's "offline" alert (published on
 * {@link Addresses#ALERTS}). The periodic check also clears offline alerts of devices that the
 * readings store has already set back online.
 *
 * <p>Only silence that happened while this instance watched opens an alert. A retained {@code offline}
 * (delivered with the retain flag, on subscribing or re-subscribing) was published before it watched:
 * typically the last will of a device of its own previous run, reconnecting now. It is ignored; a device
 * that really stays silent is caught by the silence check instead, which counts silence from when this
 * instance started watching, not from the device's last reading before that.
 */
public final class PresenceVerticle extends VerticleBase {

  /** Start of this verticle's MQTT client id (a random suffix follows). */
  public static final String CLIENT_ID_PREFIX = "vigil-presence";

  private static final Logger LOG = LoggerFactory.getLogger(PresenceVerticle.class);
  private static final long MAX_CHECK_INTERVAL_MS = 10_000;
  private static final long MIN_CHECK_INTERVAL_MS = 200;

  private final AlertConfig config;
  private final Pool pool;
  private final Set<String> knownOffline = new HashSet<>();
  private PresenceStore presence;
  private AlertStore alerts;
  private MqttLink link;
  private Future<Void> tail = Future.succeededFuture();
  private boolean checking;
  private long watchingSince;

  public PresenceVerticle(AlertConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, StoredReadings.class);
    presence = new PresenceStore(pool);
    alerts = new AlertStore(pool);
    watchingSince = System.nanoTime();
    link = new MqttLink(vertx, config, CLIENT_ID_PREFIX, List.of(StatusMessage.TOPIC_FILTER), this::onStatus);
    long interval = Math.max(MIN_CHECK_INTERVAL_MS, Math.min(MAX_CHECK_INTERVAL_MS,
        config.offlineAfterSeconds() * 1000 / 2));
    return presence.offlineDevices()
        .onSuccess(knownOffline::addAll)
        .compose(v -> vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
            StoredReadings.each(this::onReading)).completion())
        .compose(v -> link.start())
        .onSuccess(v -> vertx.setPeriodic(interval, id -> checkSilence()));
  }

  @Override
  public Future<?> stop() {
    // Graceful stop: no new status messages, then let the updates already queued finish before the pool closes.
    return (link == null ? Future.succeededFuture() : link.stop()).transform(v -> tail.otherwiseEmpty());
  }

  private void onStatus(MqttPublishMessage message) {
    String payload = message.payload().toString();
    StatusMessage.parse(message.topicName(), payload).ifPresentOrElse(
        status -> {
          if (message.isRetain() && PresenceStore.OFFLINE.equals(status.status())) {
            LOG.debug("device {}: retained offline from before this instance watched, not an alert", status.deviceId());
          } else {
            serially(() -> applyStatus(status));
          }
        },
        () -> LOG.debug("ignoring status message on {}: '{}'", message.topicName(), payload));
  }

  private Future<Void> applyStatus(StatusMessage status) {
    return presence.setStatus(status.deviceId(), status.status()).compose(change -> change
        .map(c -> PresenceStore.OFFLINE.equals(c.status())
            ? wentOffline(c, "Device " + c.deviceId() + " reported offline")
            : cameBack(c.deviceId(), true))
        .orElse(Future.succeededFuture()));
  }

  private void onReading(ScoredReading scored) {
    String deviceId = scored.reading().deviceId();
    if (knownOffline.contains(deviceId)) {
      knownOffline.remove(deviceId);
      serially(() -> presence.markOnline(deviceId, scored.reading().receivedAt())
          .compose(change -> cameBack(deviceId, change.isPresent())));
    }
  }

  private void checkSilence() {
    if (checking) {
      return;
    }
    checking = true;
    serially(() -> silentDevices()
        .compose(changes -> each(changes, c -> wentOffline(c, String.format(Locale.ROOT,
            "No reading from %s for more than %d s", c.deviceId(), config.offlineAfterSeconds()))))
        .compose(v -> presence.onlineWithLiveOfflineAlert())
        .compose(back -> each(List.copyOf(back), id -> cameBack(id, true)))
        .compose(v -> presence.offlineDevices())
        .map(offline -> {
          knownOffline.clear();
          knownOffline.addAll(offline);
          return (Void) null;
        })
        .onComplete(done -> checking = false));
  }

  /** Devices now silent for the offline time, marked offline; none until this instance has watched that long. */
  private Future<List<StatusChange>> silentDevices() {
    return watchedLongEnough() ? presence.markSilentOffline(config.offlineAfterSeconds())
        : Future.succeededFuture(List.of());
  }

  /** Whether this instance has watched for the offline time: silence before it started is not counted. */
  private boolean watchedLongEnough() {
    return System.nanoTime() - watchingSince >= config.offlineAfterSeconds() * 1_000_000_000L;
  }

  private Future<Void> wentOffline(StatusChange change, String message) {
    knownOffline.add(change.deviceId());
    vertx.eventBus().publish(Addresses.DEVICE_STATUS, change.toJson());
    LOG.info("device {} offline: {}", change.deviceId(), message);
    NewAlert offline = new NewAlert(change.deviceId(), Alert.OFFLINE, "", null, Severity.MEDIUM, message, null, null,
        null, null);
    return alerts.raise(offline).map(alert -> {
      vertx.eventBus().publish(Addresses.ALERTS, alert.toJson());
      return null;
    });
  }

  /** Clears the offline alert; publishes the online status when it changed or an alert was cleared. */
  private Future<Void> cameBack(String deviceId, boolean statusChanged) {
    knownOffline.remove(deviceId);
    return alerts.clearLive(deviceId, Alert.OFFLINE, "").map(cleared -> {
      if (statusChanged || cleared.isPresent()) {
        LOG.info("device {} online", deviceId);
        vertx.eventBus().publish(Addresses.DEVICE_STATUS,
            new StatusChange(deviceId, PresenceStore.ONLINE, java.time.Instant.now()).toJson());
      }
      cleared.ifPresent(alert -> vertx.eventBus().publish(Addresses.ALERTS, alert.toJson()));
      return null;
    });
  }

  private static <T> Future<Void> each(List<T> items, java.util.function.Function<T, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }

  /** Presence changes are rare: one chain keeps them in arrival order (offline then online stays so). */
  private void serially(Supplier<Future<Void>> work) {
    tail = tail.transform(ignored -> work.get()
        .onFailure(e -> LOG.error("presence update failed: {}", e.getMessage(), e)));
  }
}
