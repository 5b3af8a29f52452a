package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.Inbox;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * TEST-ONLY stand-in for the scoring stage: opens every lane's inbox, wraps each reading as
 * {@link ScoredReading#warmingUp} and forwards it to the store, replying to ingest when the store
 * replied (the same contract as the real ScoringVerticle, without any model).
 */
final class StandInScoringLanes {

  private StandInScoringLanes() {
  }

  static Future<Void> register(Vertx vertx, int lanes) {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    for (int lane = 0; lane < lanes; lane++) {
      Inbox.<Reading, Void>open(vertx, Addresses.scoreLane(lane), (reading, answer) ->
          Inbox.<ScoredReading, Void>at(vertx, Addresses.STORE_READINGS).send(ScoredReading.warmingUp(reading))
              .onComplete(answer));
    }
    return Future.succeededFuture();
  }
}
