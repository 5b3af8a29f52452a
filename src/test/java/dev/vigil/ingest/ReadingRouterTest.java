package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.Inbox;
import dev.vigil.bus.LocalRecordCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a reading finds its device's owner when that owner is stopping: its inbox is gone while the
 * cluster still counts it as a member (about 1.5 s measured under load), and a failure then would leave
 * the reading to a shared-subscription resume that lost 45 acknowledged readings once.
 */
class ReadingRouterTest {

  private static final int LANES = 1;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Reading> scoredHere = new CopyOnWriteArrayList<>();
  private final AtomicReference<ClusterView> view = new AtomicReference<>();
  private Vertx vertx;
  private IngestMetrics metrics;

  @BeforeEach
  void startThisMemberWithItsLane() {
    vertx = Vertx.vertx();
    metrics = new IngestMetrics(registry);
    LocalRecordCodec.register(vertx, Reading.class);
    Inbox.<Reading, Void>open(vertx, Addresses.scoreLane(0), (reading, answer) -> {
      scoredHere.add(reading);
      answer.complete();
    });
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void holdsAForwardToAStoppingOwnerUntilItLeavesThenScoresItAtTheNextOwner() throws Exception {
    String device = deviceOwnedBy("stopping", List.of("here", "stopping"));
    view.set(new ClusterView("here", List.of("here", "stopping")));
    ReadingRouter router = listeningRouter(new DeliveryOptions().setSendTimeout(60_000));

    Future<?> routed = onContext(() -> router.route(reading(device)));
    awaitTrue(() -> metrics.heldForLeavingOwner.count() == 1); // "stopping" has no inbox: no handler answered

    assertThat(routed.isComplete()).as("held while the cluster still counts the owner").isFalse();
    assertThat(scoredHere).isEmpty();

    view.set(new ClusterView("here", List.of("here")));
    vertx.eventBus().publish(Addresses.MEMBERS_CHANGED, view.get().toJson());

    routed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(scoredHere).extracting(Reading::deviceId).containsExactly(device);
  }

  @Test
  void failsAForwardToAMemberThatNeverLeavesOnceTheSendTimeoutHasPassed() throws Exception {
    String device = deviceOwnedBy("stuck", List.of("here", "stuck"));
    view.set(new ClusterView("here", List.of("here", "stuck")));
    ReadingRouter router = listeningRouter(new DeliveryOptions().setSendTimeout(200));

    Future<?> routed = onContext(() -> router.route(reading(device)));

    assertThat(routed.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    assertThat(scoredHere).as("left to the broker's redelivery, not scored twice").isEmpty();
  }

  private ReadingRouter listeningRouter(DeliveryOptions options) throws Exception {
    ReadingRouter router = new ReadingRouter(vertx, LANES, view::get, options, metrics);
    onContext(router::listen).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return router;
  }

  /** The router keeps per-owner state without locks: use it on one context, as the ingest verticle does. */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) throws Exception {
    var context = vertx.getOrCreateContext();
    var result = new java.util.concurrent.CompletableFuture<Future<T>>();
    context.runOnContext(v -> result.complete(action.get()));
    return result.get(10, TimeUnit.SECONDS);
  }

  private static String deviceOwnedBy(String owner, List<String> members) {
    ClusterView seen = new ClusterView(owner, members);
    for (int i = 0; ; i++) {
      if (seen.owns("pump-" + i)) {
        return "pump-" + i;
      }
    }
  }

  private static Reading reading(String device) {
    Instant now = Instant.now();
    return new Reading(device, now, 1, Map.of("power_w", 10.0), now);
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
