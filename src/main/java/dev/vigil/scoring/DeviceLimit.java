package dev.vigil.scoring;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.Inbox;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.ingest.Reading;
import dev.vigil.ingest.Rejection;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses the readings of a device the instance has no place for (its {@link DeviceBudget} is spent):
 * each is dead-lettered with reason {@code device_limit} and, once that is stored, answered as done, so
 * ingest acknowledges it and the broker does not redeliver it forever. Runs on the scoring lane.
 */
public final class DeviceLimit {

  /** The dead-letter reason, as the wire contract's reasons are spelled. */
  public static final String REASON = Rejection.Reason.DEVICE_LIMIT.code();
  private static final Logger LOG = LoggerFactory.getLogger(DeviceLimit.class);
  private static final long LOG_INTERVAL_MS = 10_000;
  private static long lastLogAt;

  private DeviceLimit() {
  }

  /** True when the reading was refused (and is being dead-lettered); false when the lane should score it. */
  public static boolean refuses(Vertx vertx, DetectorPool detectors, Reading reading, Promise<?> answer) {
    if (detectors.admit(reading.deviceId())) {
      return false;
    }
    detectors.budget().countRefusal();
    logNowAndThen(reading.deviceId(), detectors.budget());
    DeadLetter letter = deadLetter(reading, detectors.budget());
    Inbox<DeadLetter, Void> store = Inbox.at(vertx, Addresses.STORE_DEAD_LETTERS);
    (store != null ? store.send(letter) : vertx.eventBus().request(Addresses.STORE_DEAD_LETTERS, letter))
        .onSuccess(stored -> answer.complete())
        .onFailure(err -> answer.fail(Inbox.failure(503, "device_limit dead letter not stored: " + err.getMessage())));
    return true;
  }

  static DeadLetter deadLetter(Reading reading, DeviceBudget budget) {
    String detail = "this instance already scores " + budget.max() + " devices (scoring.devices.max); "
        + "new device ids are refused until idle ones give their place back (scoring.devices.idle.s)";
    return new DeadLetter(reading.receivedAt() != null ? reading.receivedAt() : Instant.now(),
        "devices/" + reading.deviceId() + "/telemetry", reading.deviceId(), REASON, detail, reading.toJson().encode());
  }

  /** One line per interval: a flood of new ids must not flood the log too. */
  private static synchronized void logNowAndThen(String deviceId, DeviceBudget budget) {
    long now = System.currentTimeMillis();
    if (now - lastLogAt >= LOG_INTERVAL_MS) {
      lastLogAt = now;
      LOG.warn("device limit reached: refusing readings of new devices (latest {}); {}, {} refused so far",
          deviceId, budget.describe(), budget.refused());
    }
  }
}
