package dev.vigil.scoring;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.Inbox;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.drift.DriftAlarm;
import dev.vigil.scoring.drift.DriftEvents;
import dev.vigil.scoring.drift.DriftReport;
import dev.vigil.scoring.drift.DriftStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered scoring lane. Deploy with {@code ThreadingModel.WORKER}, one instance per lane: it
 * takes readings at {@link Addresses#scoreLane(int)} (an {@link Inbox}, and the event bus for tests), scores each {@link Reading} with its device's detector,
 * hands the {@link ScoredReading} to the store, and answers ingest only once the store has
 * answered (so the MQTT ack means "durable"); a store failure fails the message, so ingest does not
 * ack and the broker redelivers.
 *
 * <p>In a cluster, a lane only sees devices its instance owns. When the members change it drops the
 * detectors of devices that moved away; the new owner builds its own from the registry's model.
 *
 * <p>Each reading goes through {@link DetectorStep}, the very sequence {@code vigil evaluate} runs:
 * models are fitted on the lane's own training thread ({@link LaneTrainer}); a scheduled retrain's model is
 * installed {@link dev.vigil.scoring.detect.DeviceDetector#INSTALL_AFTER} readings of that device later,
 * as in the evaluation, while the lane goes on scoring, so live scores equal the evaluation's bit for bit.
 * The lane waits for a fit that has not ended when its model is due: at once for a first model or a
 * drift's retrain (600 rows of 64 metrics, the widest device, took 0.83 s on the 2-core build machine).
 * The lanes are deployed with {@link #deploymentOptions(int)}, whose execute-time limit leaves room for
 * that on a busy machine without the blocked-thread checker crying wolf.
 */
public final class ScoringVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringVerticle.class);
  /**
   * How long one reading (waiting for a due model's fit) may hold the lane before Vert.x warns. Training
   * 600 rows of 64 metrics (the most a device may send) took 0.83 s on the 2-core build machine; the
   * default limit (60 s) would do today, but a model that grows must not turn into warnings, and 2
   * minutes still catches a lane that is truly stuck.
   */
  public static final Duration MAX_EXECUTE_TIME = Duration.ofMinutes(2);

  private final ScoringConfig config;
  private final int lane;
  private final Pool pool;
  private DetectorPool detectors;
  private ModelKeeper models;
  private LaneTrainer trainer;
  private DriftStore drift;
  private MessageConsumer<Reading> consumer;
  private Inbox<Reading, ScoredReading> inbox;
  private MessageConsumer<JsonObject> membership;
  /** Per detector, the drift alarm that decides which drift a person hears about; dropped with it. */
  private final Map<DeviceDetector, DriftAlarm> driftAlarms = new HashMap<>();
  /** New detectors whose stored model is still being looked up; their readings wait, in order. */
  private final Map<DeviceDetector, Future<Void>> reloading = new HashMap<>();

  /** The lanes' own worker pool: Vert.x applies a deployment's execute-time limit only to a named pool. */
  public static final String WORKER_POOL = "vigil-scoring-lanes";

  /**
   * How the {@code lanes} lanes must be deployed: as workers (they may wait for a fit) on a pool of their
   * own, one thread per lane, with room for a training's duration.
   */
  public static DeploymentOptions deploymentOptions(int lanes) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(WORKER_POOL)
        .setWorkerPoolSize(Math.max(1, lanes)).setMaxWorkerExecuteTime(MAX_EXECUTE_TIME.toMillis())
        .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
  }

  public ScoringVerticle(ScoringConfig config, int lane, Pool pool) {
    this.config = config;
    this.lane = lane;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    models = new ModelKeeper(pool);
    trainer = new LaneTrainer(lane);
    drift = pool == null ? null : new DriftStore(pool);
    detectors = new DetectorPool(DetectorSettings.of(config), this::reloadStoredModel,
        DeviceBudget.of(vertx, config), config.deviceIdle());
    detectors.whenDropped(driftAlarms::remove);
    // Local: a lane belongs to this instance; a clustered send must never hop to another node.
    consumer = vertx.eventBus().localConsumer(Addresses.scoreLane(lane), Inbox.onEventBus(this::handle));
    inbox = Inbox.open(vertx, Addresses.scoreLane(lane), this::handle);
    membership = vertx.eventBus().localConsumer(Addresses.MEMBERS_CHANGED, this::forgetMovedDevices);
    return Future.all(consumer.completion(), membership.completion());
  }

  @Override
  public Future<?> stop() {
    inbox.close(vertx, Addresses.scoreLane(lane));
    trainer.close();
    return Future.all(consumer.unregister(), membership.unregister());
  }

  /** One reading from ingest; {@code answer} completes once it is stored (or fails, and ingest does not ack). */
  private void handle(Reading reading, Promise<ScoredReading> answer) {
    if (DeviceLimit.refuses(vertx, detectors, reading, answer)) {
      return;
    }
    DeviceDetector detector;
    try {
      detector = detectors.detectorFor(reading);
    } catch (RuntimeException e) {
      scoringFailed(reading, answer, e);
      return;
    }
    Future<Void> reload = reloading.get(detector);
    if (reload == null) {
      scoreAndStore(reading, answer, detector);
    } else {
      reload.onComplete(done -> scoreAndStore(reading, answer, detector));
    }
  }

  private void scoreAndStore(Reading reading, Promise<ScoredReading> answer, DeviceDetector detector) {
    ScoredReading scored;
    try {
      DetectorStep.Outcome outcome = DetectorStep.next(detector, reading, trainer, models::register);
      scored = outcome.scored();
      if (!outcome.drift().isEmpty()) {
        saveDriftReports(detector, outcome.drift());
      }
      watchDrift(detector, scored);
    } catch (RuntimeException e) {
      scoringFailed(reading, answer, e);
      return;
    }
    store(scored)
        .onSuccess(stored -> answer.complete(scored))
        .onFailure(err -> answer.fail(Inbox.failure(503, "store failed: " + err.getMessage())));
  }

  /** Through the store's inbox when it has one open (always, in the server), else over the event bus. */
  private Future<?> store(ScoredReading scored) {
    Inbox<ScoredReading, Void> store = Inbox.at(vertx, Addresses.STORE_READINGS);
    return store != null ? store.send(scored) : vertx.eventBus().request(Addresses.STORE_READINGS, scored);
  }

  /** Fails the reading at once (ingest leaves it unacknowledged) instead of letting it time out. */
  private void scoringFailed(Reading reading, Promise<ScoredReading> answer, RuntimeException e) {
    LOG.error("scoring failed deviceId={} lane={}", reading.deviceId(), lane, e);
    answer.fail(Inbox.failure(500, "scoring failed: " + e));
  }

  private void forgetMovedDevices(Message<JsonObject> message) {
    ClusterView view = ClusterView.fromJson(message.body());
    int moved = detectors.forgetDevices(deviceId -> !view.owns(deviceId));
    if (moved > 0) {
      LOG.info("{} device(s) moved to other cluster members lane={} members={}", moved, lane, view.members().size());
    }
  }

  /**
   * A new detector: if the registry has a model for it (Vigil restarted), use it instead of warming
   * up. Its readings wait for the answer; scored meanwhile they would count as a fresh warm-up, and
   * under load that warm-up could end first and train a new version instead.
   */
  private void reloadStoredModel(DeviceDetector detector) {
    if (models.registry() == null) {
      return;
    }
    Future<Void> lookup = models.registry().latest(detector.key())
        .onSuccess(stored -> stored.ifPresent(m -> {
          double[][] reference = new double[m.metrics().length][];
          for (int i = 0; i < reference.length; i++) {
            reference[i] = m.reference(i);
          }
          detector.restore(m.model(), m.version(), reference);
          models.restored(detector.key(), m.version());
          LOG.info("model reloaded deviceKey={} version={}", detector.key(), m.version());
        }))
        .onFailure(err -> LOG.warn("model reload failed deviceKey={}; warming up instead", detector.key(), err))
        .<Void>mapEmpty()
        .otherwiseEmpty();
    if (!lookup.isComplete()) {
      reloading.put(detector, lookup);
      lookup.onComplete(done -> reloading.remove(detector));
    }
  }

  /** Keeps the PSI reports (the model card shows them; significant ones made DetectorStep ask for a retrain). */
  private void saveDriftReports(DeviceDetector detector, List<DriftReport> reports) {
    if (drift != null) {
      drift.save(reports).onFailure(err -> LOG.warn("drift reports not saved deviceKey={}", detector.key(), err));
    }
  }

  /** Feeds the device's drift alarm and tells the alert stage about drift opened, going on or over. */
  private void watchDrift(DeviceDetector detector, ScoredReading scored) {
    List<String> metrics = detector.metrics();
    DriftAlarm alarm = driftAlarms.computeIfAbsent(detector,
        d -> new DriftAlarm(scored.reading().deviceId(), metrics));
    double[] values = new double[metrics.size()];
    for (int m = 0; m < values.length; m++) {
      values[m] = scored.reading().metrics().get(metrics.get(m));
    }
    for (DriftAlarm.Event event : alarm.observe(scored.reading().ts(), values)) {
      vertx.eventBus().publish(Addresses.DRIFT, DriftEvents.toJson(event));
      LOG.info("drift {} deviceId={} metric={} mean={} range=[{}, {}] severity={}", event.change(), event.deviceId(),
          event.metric(), event.mean(), event.low(), event.high(), event.severity().wire());
    }
  }

}
