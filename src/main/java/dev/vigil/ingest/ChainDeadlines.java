package dev.vigil.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;

/**
 * Bounds how long ingest waits for the chain (scoring, then store) to vouch for a message, with one
 * periodic sweep instead of a timer per message: messages are watched in arrival order, so the sweep
 * only looks at the oldest ones. A message still unanswered after the timeout fails, and ingest
 * leaves it unacknowledged for the broker to redeliver. Used on ingest's event loop only.
 *
 * <p>Answered messages leave as soon as every older one is answered too, not at the next sweep: the sweep
 * comes every quarter of the timeout (7.5 s), and holding every message of that long (270,000 at 36,000
 * readings/s) made each young collection copy them: pauses of 13-47 ms flat out, 7-23 ms at half load
 * (docs/benchmarks.md).
 */
final class ChainDeadlines {

  private record Watched(long startedAt, Promise<Void> outcome) {
  }

  private final Vertx vertx;
  private final long timeoutMs;
  private final ArrayDeque<Watched> oldestFirst = new ArrayDeque<>();
  private long sweeper = -1;

  ChainDeadlines(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** Starts the sweep, a few times per timeout, so a message fails at most a quarter late. */
  void start() {
    sweeper = vertx.setPeriodic(Math.max(1, timeoutMs / 4), id -> sweep(System.currentTimeMillis()));
  }

  void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
      sweeper = -1;
    }
  }

  /** {@code chain}'s outcome, failed instead when it takes longer than the timeout. */
  Future<Void> bound(Future<?> chain) {
    Promise<Void> outcome = Promise.promise();
    chain.onComplete(done -> {
      if (done.succeeded()) {
        outcome.tryComplete();
      } else {
        outcome.tryFail(done.cause());
      }
      forgetAnswered();
    });
    if (!outcome.future().isComplete()) {
      oldestFirst.add(new Watched(System.currentTimeMillis(), outcome));
    }
    return outcome.future();
  }

  /** Answers mostly come in arrival order, so the head is usually the only one to look at. */
  private void forgetAnswered() {
    for (Watched w = oldestFirst.peek(); w != null && w.outcome().future().isComplete(); w = oldestFirst.peek()) {
      oldestFirst.poll();
    }
  }

  /** Forgets the answered messages at the head; fails the ones past their deadline. */
  void sweep(long now) {
    forgetAnswered();
    for (Watched w = oldestFirst.peek(); w != null && now - w.startedAt() >= timeoutMs; w = oldestFirst.peek()) {
      // Built only for a late message: answered ones are the rule, and a failure per reading cost 2% of the CPU.
      w.outcome().tryFail("no answer from the chain within " + timeoutMs + " ms");
      forgetAnswered();
    }
  }

  /** Messages watched and not yet forgotten (an answered one leaves once every older one is answered). */
  int watched() {
    return oldestFirst.size();
  }
}
