package dev.vigil.alert;

import dev.vigil.alert.AlertJudge.Action;
import dev.vigil.alert.AlertJudge.Clear;
import dev.vigil.alert.AlertJudge.Raise;
import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.AlertStore;
import dev.vigil.store.RuleStore;
import dev.vigil.store.StoredReadings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert stage: consumes durable scored readings (in order), applies the rule set and the anomaly
 * hysteresis of {@link AlertJudge}, writes the resulting alerts through {@link AlertStore} and
 * publishes every opened, repeated or cleared alert as {@link Alert#toJson()} cluster-wide on
 * {@link Addresses#ALERTS}. Also turns drift events into drift alerts. Rules are seeded from the
 * config at start, cached, and reloaded on {@link Addresses#RULES_CHANGED}.
 */
public final class AlertVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AlertVerticle.class);

  private final AlertConfig config;
  private final Pool pool;
  private final Map<String, Future<Void>> deviceTails = new HashMap<>();
  private AlertStore alerts;
  private RuleStore rules;
  private AlertJudge judge;

  public AlertVerticle(AlertConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    LocalRecordCodec.register(vertx, StoredReadings.class);
    alerts = new AlertStore(pool);
    rules = new RuleStore(pool);
    judge = new AlertJudge(config.openAfter(), config.clearAfter());
    List<Rule> seed = Rule.parseSeed(config.seedRules());
    return rules.seed(seed)
        .compose(v -> reloadRules())
        .compose(v -> resumeLiveAlerts())
        .compose(v -> Future.all(
            vertx.eventBus().<StoredReadings>localConsumer(Addresses.READINGS_STORED,
                StoredReadings.each(this::onReading))
                .completion(),
            vertx.eventBus().<JsonObject>localConsumer(Addresses.DRIFT, m -> onDrift(m.body())).completion(),
            vertx.eventBus().consumer(Addresses.RULES_CHANGED, m -> reloadRules()).completion()));
  }

  private Future<Void> reloadRules() {
    return rules.list()
        .onSuccess(loaded -> {
          judge.setRules(loaded);
          LOG.info("alert rules loaded: {}", loaded.size());
        })
        .onFailure(e -> LOG.error("cannot load alert rules; keeping the previous set", e))
        .mapEmpty();
  }

  private Future<Void> resumeLiveAlerts() {
    return Future.all(alerts.live(Alert.THRESHOLD), alerts.live(Alert.ANOMALY)).map(both -> {
      for (int i = 0; i < 2; i++) {
        List<Alert> live = both.resultAt(i);
        live.forEach(a -> judge.markOpen(a.deviceId(), a.kind(), a.metric()));
      }
      return null;
    });
  }

  private void onReading(ScoredReading scored) {
    List<Action> actions = judge.judge(scored);
    if (!actions.isEmpty()) {
      inDeviceOrder(scored.reading().deviceId(), () -> apply(actions));
    }
  }

  private void onDrift(JsonObject drift) {
    Optional<Action> action = DriftAlerts.actionFor(drift);
    if (action.isEmpty()) {
      LOG.warn("ignoring malformed drift event {}", drift);
      return;
    }
    inDeviceOrder(action.get().deviceId(), () -> apply(List.of(action.get())));
  }

  /** Runs one device's alert writes one after another, in the order its readings arrived. */
  private void inDeviceOrder(String deviceId, java.util.function.Supplier<Future<Void>> work) {
    Future<Void> next = deviceTails.getOrDefault(deviceId, Future.succeededFuture()).transform(ignored -> work.get());
    deviceTails.put(deviceId, next);
    next.onComplete(ignored -> deviceTails.remove(deviceId, next));
  }

  private Future<Void> apply(List<Action> actions) {
    Future<Void> chain = Future.succeededFuture();
    for (Action action : actions) {
      chain = chain.compose(v -> apply(action)).recover(e -> {
        LOG.error("alert write failed for device {}: {}", action.deviceId(), e.getMessage(), e);
        return Future.succeededFuture();
      });
    }
    return chain;
  }

  private Future<Void> apply(Action action) {
    if (action instanceof Raise raise) {
      return alerts.raise(raise.alert()).map(alert -> {
        publish(alert);
        return null;
      });
    }
    Clear clear = (Clear) action;
    return alerts.clearLive(clear.deviceId(), clear.kind(), clear.metric()).map(cleared -> {
      cleared.ifPresent(this::publish);
      return null;
    });
  }

  private void publish(Alert alert) {
    if (alert.occurrences() == 1 || Alert.CLEARED.equals(alert.state())) {
      LOG.info("alert {} {} for device {} ({} {}): {}", alert.id(), alert.state(), alert.deviceId(), alert.kind(),
          alert.severity(), alert.message());
    }
    vertx.eventBus().publish(Addresses.ALERTS, alert.toJson());
  }
}
