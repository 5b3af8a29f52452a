package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each reading to where its device is scored. Alone, that is always the device's lane in this
 * instance. In a cluster, it is the device's owner ({@link ClusterView#ownerOf}): this instance's
 * lane when it owns the device, else the owner's inbox {@link Addresses#scoreNode} as JSON; the
 * owner hands it to its own lane and replies once it is stored, so the MQTT ack still means
 * "durable". A failed or silent owner fails the Future: ingest leaves the message unacknowledged and
 * the broker redelivers it, by then most likely to a settled cluster.
 *
 * <p>When the owner leaves the cluster (a crash included) before it answered, the reading is routed
 * again, to the device's new owner, at once: forwards still waiting on a member that is no longer in
 * the view fail when the view changes, instead of after the 30 s send timeout. Storing a reading the
 * old owner had stored after all is harmless (idempotent insert).
 *
 * <p>The inbox never forwards again, even when its own view names another owner (views differ for a
 * moment while members join or leave): one hop at most, never a loop.
 */
final class ReadingRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ReadingRouter.class);

  private final Vertx vertx;
  private final int lanes;
  private final Supplier<ClusterView> cluster;
  private final DeliveryOptions options;
  private final IngestMetrics metrics;
  private MessageConsumer<JsonObject> inbox;
  /** Forwards awaiting their owner's answer, by owner node id. */
  private final Map<String, Set<Promise<Void>>> awaiting = new HashMap<>();

  /** @param cluster the current view of the cluster, or null when this instance runs alone */
  ReadingRouter(Vertx vertx, int lanes, Supplier<ClusterView> cluster, DeliveryOptions options, IngestMetrics metrics) {
    this.vertx = vertx;
    this.lanes = lanes;
    this.cluster = cluster;
    this.options = options;
    this.metrics = metrics;
  }

  /** In a cluster: starts taking the readings other members route here. Alone: nothing to do. */
  Future<Void> listen() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    // Clustered on purpose: this is the one address other instances send readings to.
    inbox = vertx.eventBus().consumer(Addresses.scoreNode(cluster.get().self()), this::scoreForPeer);
    MessageConsumer<Object> membership = vertx.eventBus().localConsumer(Addresses.MEMBERS_CHANGED,
        m -> failForwardsToDepartedOwners());
    return inbox.completion().compose(v -> membership.completion());
  }

  /** Succeeds once the reading is stored (scored by its device's owner); fails otherwise. */
  Future<?> route(Reading reading) {
    if (cluster != null) {
      ClusterView view = cluster.get();
      String owner = view.ownerOf(reading.deviceId());
      if (!owner.equals(view.self())) {
        metrics.toOwner.increment();
        return toOwner(owner, reading)
            .recover(e -> isMember(owner) ? Future.failedFuture(e) : route(reading).mapEmpty()); // it left: to the next owner

      }
    }
    return toLane(reading);
  }

  private Future<Void> toOwner(String owner, Reading reading) {
    Promise<Void> answered = Promise.promise();
    Set<Promise<Void>> forOwner = awaiting.computeIfAbsent(owner, o -> new HashSet<>());
    forOwner.add(answered);
    vertx.eventBus().request(Addresses.scoreNode(owner), reading.toJson(), options).<Void>mapEmpty()
        .onComplete(answered::tryComplete, e -> {
          if (isLeaving(owner, e)) {
            // Its inbox is gone before the cluster says it left: answer once the membership changes (the
            // reading then goes to the next owner), not now. A failure now leaves the message to a
            // session resume of the shared subscription, and a run of ClusterFailoverIT under load lost
            // 45 acknowledged readings of the leaving member's devices on that path.
            metrics.heldForLeavingOwner.increment();
            vertx.setTimer(options.getSendTimeout(), id -> answered.tryFail(e));
          } else {
            answered.tryFail(e);
          }
        });
    return answered.future().onComplete(done -> {
      forOwner.remove(answered);
      if (forOwner.isEmpty()) {
        awaiting.remove(owner, forOwner);
      }
    });
  }

  /** No handler at a member's inbox: it is stopping and will leave the cluster shortly. */
  private boolean isLeaving(String owner, Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
        && isMember(owner);
  }

  private boolean isMember(String node) {
    return cluster.get().members().contains(node);
  }

  private void failForwardsToDepartedOwners() {
    List.copyOf(awaiting.keySet()).stream().filter(owner -> !isMember(owner)).forEach(owner ->
        List.copyOf(awaiting.getOrDefault(owner, Set.of())).forEach(p -> p.tryFail("owner " + owner + " left")));
  }

  /** Through the lane's inbox (always, in the server); over the event bus when a stand-in consumes the address. */
  private Future<?> toLane(Reading reading) {
    String address = Addresses.scoreLane(reading.deviceId(), lanes);
    Inbox<Reading, ?> lane = Inbox.at(vertx, address);
    return lane != null ? lane.send(reading) : vertx.eventBus().request(address, reading, options);
  }

  private void scoreForPeer(Message<JsonObject> message) {
    Reading reading;
    try {
      reading = Reading.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      LOG.warn("refused a reading from another instance: {}", e.getMessage());
      message.fail(400, e.getMessage());
      return;
    }
    metrics.fromPeers.increment();
    // The lane replies with a local-only record: the peer gets an empty reply, which is all it needs.
    toLane(reading)
        .onSuccess(stored -> message.reply(null))
        .onFailure(e -> message.fail(e instanceof ReplyException r ? r.failureCode() : 500, e.getMessage()));
  }
}
