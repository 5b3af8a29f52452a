package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChainDeadlinesTest {

  private final Vertx vertx = Vertx.vertx();
  private final ChainDeadlines deadlines = new ChainDeadlines(vertx, 1_000);

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void failsAChainThatDoesNotAnswerInTime() {
    Future<Void> outcome = deadlines.bound(Promise.promise().future());
    deadlines.sweep(System.currentTimeMillis() + 999);
    assertThat(outcome.isComplete()).isFalse();
    deadlines.sweep(System.currentTimeMillis() + 1_001);
    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.cause()).hasMessageContaining("within 1000 ms");
    assertThat(deadlines.watched()).isZero();
  }

  @Test
  void passesOnTheChainsOwnAnswer() {
    Promise<String> chain = Promise.promise();
    Future<Void> outcome = deadlines.bound(chain.future());
    chain.fail("store failed");
    assertThat(outcome.cause()).hasMessage("store failed");
    Promise<String> stored = Promise.promise();
    Future<Void> ok = deadlines.bound(stored.future());
    stored.complete("scored");
    assertThat(ok.succeeded()).isTrue();
  }

  @Test
  void forgetsAnsweredChainsAndKeepsWatchingTheRest() {
    Promise<Void> answered = Promise.promise();
    deadlines.bound(answered.future());
    Future<Void> waiting = deadlines.bound(Promise.promise().future());
    answered.complete();
    deadlines.sweep(System.currentTimeMillis());
    assertThat(deadlines.watched()).isEqualTo(1);
    assertThat(waiting.isComplete()).isFalse();
  }

  @Test
  void forgetsAnsweredChainsWithoutWaitingForTheSweepOnceTheOlderOnesAreAnswered() {
    Promise<Void> first = Promise.promise();
    Promise<Void> second = Promise.promise();
    Promise<Void> third = Promise.promise();
    deadlines.bound(first.future());
    deadlines.bound(second.future());
    deadlines.bound(third.future());
    second.complete();
    assertThat(deadlines.watched()).isEqualTo(3);
    first.complete();
    assertThat(deadlines.watched()).isEqualTo(1);
    third.fail("store failed");
    assertThat(deadlines.watched()).isZero();
  }

  @Test
  void watchesNothingForAChainAlreadyAnswered() {
    assertThat(deadlines.bound(Future.succeededFuture()).succeeded()).isTrue();
    assertThat(deadlines.watched()).isZero();
  }
}
