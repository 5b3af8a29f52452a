package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST-ONLY stand-in for the scoring stage: consumes every lane address, wraps each reading as
 * {@link ScoredReading#warmingUp} and forwards it to the store, replying to ingest when the store
 * replied (the same contract as the real ScoringVerticle, without any model).
 */
final class StandInScoringLanes {

  private StandInScoringLanes() {
  }

  static Future<Void> register(Vertx vertx, int lanes) {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    List<Future<Void>> registered = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      registered.add(vertx.eventBus().<Reading>localConsumer(Addresses.scoreLane(lane), message ->
          vertx.eventBus().request(Addresses.STORE_READINGS, ScoredReading.warmingUp(message.body()))
              .onSuccess(stored -> message.reply(null))
              .onFailure(e -> message.fail(e instanceof ReplyException r ? r.failureCode() : 500, e.getMessage())))
          .completion());
    }
    return Future.all(registered).mapEmpty();
  }
}
