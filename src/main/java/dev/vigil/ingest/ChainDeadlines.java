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
    });
    if (!outcome.future().isComplete()) {
      oldestFirst.add(new Watched(System.currentTimeMillis(), outcome));
    }
    return outcome.future();
  }

  /** Forgets the answered messages at the head; fails the ones past their deadline. */
  void sweep(long now) {
    for (Watched w = oldestFirst.peek(); w != null; w = oldestFirst.peek()) {
      boolean late = now - w.startedAt() >= timeoutMs;
      if (!late && !w.outcome().future().isComplete()) {
        return;
      }
      oldestFirst.poll();
      if (late) {
        // Built only for a late message: answered ones are the rule, and a failure per reading cost 2% of the CPU.
        w.outcome().tryFail("no answer from the chain within " + timeoutMs + " ms");
      }
    }
  }

  /** Messages watched and not yet forgotten (answered ones leave at the next sweep). */
  int watched() {
    return oldestFirst.size();
  }
}
