package dev.vigil.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboxTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void handsItemsOverInOrderAndAnswersOnTheSendersContext() throws Exception {
    Context receiver = vertx.getOrCreateContext();
    List<Integer> handled = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> opened = new CompletableFuture<>();
    receiver.runOnContext(v -> {
      Inbox.<Integer, Integer>open(vertx, "test.inbox", (item, answer) -> {
        handled.add(item);
        answer.complete(item * 2);
      });
      opened.complete(null);
    });
    opened.get(10, TimeUnit.SECONDS);

    Context sender = vertx.getOrCreateContext();
    CompletableFuture<List<Integer>> answers = new CompletableFuture<>();
    List<Boolean> onSenderContext = new CopyOnWriteArrayList<>();
    sender.runOnContext(v -> {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int i = 0; i < 1000; i++) { // more than one turn's worth
        sent.add(Inbox.<Integer, Integer>at(vertx, "test.inbox").send(i)
            .onComplete(done -> onSenderContext.add(Vertx.currentContext() == sender)));
      }
      Future.all(sent).onSuccess(all -> answers.complete(all.list()));
    });

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      expected.add(i * 2);
    }
    assertThat(answers.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
    assertThat(handled).hasSize(1000).isSortedAccordingTo(Integer::compare);
    assertThat(onSenderContext).hasSize(1000).containsOnly(true);
  }

  @Test
  void failsTheAnswerWhenTheHandlerThrows() {
    Inbox<String, Void> inbox = Inbox.open(vertx, "test.throws", (item, answer) -> {
      throw new IllegalStateException("broken " + item);
    });
    Throwable failure = inbox.send("x").<Throwable>transform(done -> Future.succeededFuture(done.cause())).await();
    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("broken x");
  }

  @Test
  void aClosedInboxIsNoLongerFound() {
    Inbox<String, Void> inbox = Inbox.open(vertx, "test.closed", (item, answer) -> answer.complete());
    assertThat(Inbox.<String, Void>at(vertx, "test.closed")).isSameAs(inbox);
    inbox.close(vertx, "test.closed");
    assertThat(Inbox.<String, Void>at(vertx, "test.closed")).isNull();
  }

  @Test
  void closingAnOldInboxLeavesItsReplacementOpen() {
    Inbox<String, Void> old = Inbox.open(vertx, "test.replaced", (item, answer) -> answer.complete());
    Inbox<String, Void> replacement = Inbox.open(vertx, "test.replaced", (item, answer) -> answer.complete());
    old.close(vertx, "test.replaced");
    assertThat(Inbox.<String, Void>at(vertx, "test.replaced")).isSameAs(replacement);
  }

  @Test
  void theEventBusFormRepliesWithTheAnswerOrTheFailureCode() {
    vertx.eventBus().<String>consumer("test.bus", Inbox.<String, String>onEventBus((item, answer) -> {
      if (item.equals("bad")) {
        answer.fail(Inbox.failure(503, "refused"));
      } else {
        answer.complete(item.toUpperCase());
      }
    }));
    assertThat(vertx.eventBus().<String>request("test.bus", "ok").map(m -> m.body()).await()).isEqualTo("OK");
    Promise<Integer> code = Promise.promise();
    vertx.eventBus().request("test.bus", "bad").onFailure(e ->
        code.complete(((io.vertx.core.eventbus.ReplyException) e).failureCode()));
    assertThat(code.future().await()).isEqualTo(503);
  }
}
