package dev.vigil.notify;

import dev.vigil.bus.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification sender: drains the durable outbox that the alert path fills (a trigger on
 * {@code alerts} records each transition in the alert's own transaction), off that path entirely.
 * Each round routes new transitions to channels, claims due deliveries, lets {@link Gate} hold those
 * in quiet hours or over a rate limit, sends the rest in parallel and records each outcome: sent, a
 * retry after backoff, or failed once the attempts are spent. Rounds run every
 * {@code notify.interval.ms} and at once when an alert opens or clears on {@link Addresses#ALERTS};
 * never two at a time. Also answers {@link Addresses#NOTIFY_TEST}: a test message on one channel, now.
 */
public final class NotifyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);
  private static final long PRUNE_EVERY_MS = 3_600_000;

  private final NotifyConfig config;
  private final Pool pool;
  private final MeterRegistry registry;
  private Outbox outbox;
  private ChannelStore channels;
  private ChannelSenders senders;
  private Future<Void> round = Future.succeededFuture();
  private boolean again;
  private boolean stopping;

  /** {@code registry} receives {@code vigil.notifications} counters (outcome and channel type as tags). */
  public NotifyVerticle(NotifyConfig config, Pool pool, MeterRegistry registry) {
    this.config = config;
    this.pool = pool;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    outbox = new Outbox(pool);
    channels = new ChannelStore(pool);
    senders = new ChannelSenders(vertx, config);
    vertx.setPeriodic(config.intervalMs(), id -> wake());
    vertx.setPeriodic(PRUNE_EVERY_MS, id -> prune());
    wake();
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> wakeFor(m.body())).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.NOTIFY_TEST, this::sendTest).completion());
  }

  /** Waits for the round in flight, so that no send is cut off half-way and no outcome is lost. */
  @Override
  public Future<?> stop() {
    stopping = true;
    return round.transform(ignored -> senders.close());
  }

  /**
   * An alert that just opened or cleared wakes the sender at once. Repeats of a live alert do not (an
   * alert storm repeats on every reading); the one repeat that matters, an escalation, is picked up
   * by the next tick.
   */
  private void wakeFor(JsonObject alert) {
    if (alert.getInteger("occurrences", 0) == 1 || "cleared".equals(alert.getString("state"))) {
      wake();
    }
  }

  /** Starts a round, or asks for another right after the one in flight. */
  private void wake() {
    if (stopping) {
      return;
    }
    if (!round.isComplete()) {
      again = true;
      return;
    }
    again = false;
    round = runRound().recover(e -> {
      LOG.warn("notification round failed (will retry): {}", e.getMessage());
      return Future.succeededFuture();
    }).onComplete(done -> {
      if (again) {
        wake();
      }
    });
  }

  private Future<Void> runRound() {
    return outbox.route(config.batchSize())
        .compose(routed -> outbox.claim(config.batchSize(), lease()).compose(this::deliverAll).map(claimed -> {
          if (routed == config.batchSize() || claimed == config.batchSize()) {
            again = true; // more may be waiting: drain before the next tick
          }
          return null;
        }));
  }

  private Future<Integer> deliverAll(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Long> channelIds = deliveries.stream().map(d -> d.channel().id()).distinct().toList();
    return outbox.recentSends(channelIds, longestRateWindow(deliveries)).compose(recent -> {
      Gate gate = new Gate(recent);
      Instant now = Instant.now();
      List<Future<Void>> outcomes = new ArrayList<>();
      for (Delivery d : deliveries) {
        outcomes.add(gate.check(d, now).map(hold -> {
          count(d, "held");
          return outbox.hold(d.id(), hold.reason(), hold.until());
        }).orElseGet(() -> deliver(d)));
      }
      return Future.join(outcomes).transform(ignored -> Future.succeededFuture(deliveries.size()));
    });
  }

  private Future<Void> deliver(Delivery d) {
    dev.vigil.notify.Message message = new dev.vigil.notify.Message(d.transition(), d.id(), config.dashboardUrl());
    return send(d.channel(), message).transform(sent -> {
      if (sent.succeeded()) {
        LOG.info("notified channel '{}' of alert {} {} (delivery {})", d.channel().name(), d.transition().alert().id(),
            d.transition().event(), d.id());
        count(d, "sent");
        return outbox.sent(d.id());
      }
      String reason = ChannelSenders.reason(sent.cause());
      int attempts = d.attemptsMade() + 1;
      if (config.retry().exhausted(attempts)) {
        LOG.warn("giving up delivery {} to channel '{}' after {} attempts: {}", d.id(), d.channel().name(), attempts,
            reason);
        count(d, "failed");
        return outbox.failed(d.id(), reason);
      }
      Duration wait = config.retry().delayAfter(attempts);
      LOG.info("delivery {} to channel '{}' failed (attempt {}), retry in {} ms: {}", d.id(), d.channel().name(),
          attempts, wait.toMillis(), reason);
      count(d, "retried");
      return outbox.retry(d.id(), reason, wait);
    });
  }

  private Future<Void> send(Channel channel, dev.vigil.notify.Message message) {
    return senders.send(channel, message).timeout(config.sendTimeoutMs(), TimeUnit.MILLISECONDS);
  }

  /** {@code {"channelId": n}} in, {@code {"sent": true}} or a failure with the reason out. */
  private void sendTest(Message<JsonObject> request) {
    long id = request.body().getLong("channelId", 0L);
    channels.get(id).compose(found -> found.isEmpty()
            ? Future.failedFuture("no channel " + id)
            : send(found.get(), new dev.vigil.notify.Message(Transition.test(found.get().name()), 0,
                config.dashboardUrl())))
        .onSuccess(v -> request.reply(new JsonObject().put("sent", true)))
        .onFailure(e -> request.fail(502, ChannelSenders.reason(e)));
  }

  /** sent, retried (an attempt failed), failed (given up) or held (quiet hours, rate limit). */
  private void count(Delivery d, String outcome) {
    Counter.builder("vigil.notifications").description("Notification deliveries by outcome and channel type")
        .tag("outcome", outcome).tag("type", d.channel().type().wire()).register(registry).increment();
  }

  private void prune() {
    outbox.prune(config.logRetentionDays()).onSuccess(n -> {
      if (n > 0) {
        LOG.info("pruned {} notified alert transitions older than {} days", n, config.logRetentionDays());
      }
    }).onFailure(e -> LOG.warn("cannot prune the delivery log: {}", e.getMessage()));
  }

  /** A claimed delivery stays claimed for two send timeouts: its send and its outcome's write fit in it. */
  private Duration lease() {
    return Duration.ofMillis(2 * config.sendTimeoutMs() + 5_000);
  }

  private static Duration longestRateWindow(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.channel().rateLimit()).filter(java.util.Objects::nonNull)
        .map(RateLimit::window).max(Duration::compareTo).orElse(Duration.ofSeconds(1));
  }
}
