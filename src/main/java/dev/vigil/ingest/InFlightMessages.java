package dev.vigil.ingest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

/**
 * The messages ingest has taken from the broker and not yet settled (acknowledged, or left for the
 * broker to redeliver), so that a graceful stop can stop taking messages, let the chain finish the
 * ones it holds, acknowledge them and only then disconnect. Used on ingest's event loop only.
 *
 * <p>A message that arrives once the stop began is left unacknowledged: the broker keeps it in the
 * persistent session and delivers it again to the next instance that resumes it.
 */
public final class InFlightMessages {

  private int unsettled;
  private Promise<Void> drained;

  /** False once a stop began: leave the message to the broker. */
  public boolean admits() {
    return drained == null;
  }

  /** Runs {@code settle} when {@code outcome} completes; the message counts as in flight until then. */
  public void settleWhenDone(Future<Void> outcome, Handler<AsyncResult<Void>> settle) {
    unsettled++;
    outcome.onComplete(done -> {
      try {
        settle.handle(done);
      } finally {
        unsettled--;
        if (unsettled == 0 && drained != null) {
          drained.tryComplete();
        }
      }
    });
  }

  /**
   * Stops admitting messages; completes once every admitted one is settled. Bounded: each outcome
   * completes within the chain's send timeout.
   */
  public Future<Void> drain() {
    if (drained == null) {
      drained = Promise.promise();
      if (unsettled == 0) {
        drained.complete();
      }
    }
    return drained.future();
  }

  public int unsettled() {
    return unsettled;
  }
}
