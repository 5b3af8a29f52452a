package dev.vigil.bus;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The hand-off between two stages of one instance (ingest to a scoring lane, a lane to the store): the
 * sender queues an item with the Promise it waits on, and the receiving stage takes everything queued
 * in one task on its own context. Per item that is one queue node and one Promise, where an event-bus
 * request costs a message, a reply consumer and a reply timer, each registered and removed (measured
 * in docs/benchmarks.md, "Ingest path cost"). Items from one sender are handled in the order sent.
 *
 * <p>The Promise completes on the sender's context, so the sender's callbacks run where it expects.
 * No timer guards an item: the receiving stages always answer (the store replies once committed or
 * refuses at once when its backlog is full), and ingest bounds the whole chain with one sweep
 * ({@code dev.vigil.ingest.ChainDeadlines}).
 *
 * <p>Inboxes are found by their event-bus address in the instance's local shared data; a stage that
 * also consumes its address on the event bus (tests, tools) handles both the same way.
 */
public final class Inbox<T, R> implements Shareable {

  private static final String DIRECTORY = "vigil.inboxes";
  /** Items taken in one task at most. */
  private static final int MAX_PER_TURN = 256;

  private final Context owner;
  private final BiConsumer<T, Promise<R>> handler;
  private final ConcurrentLinkedQueue<Delivery<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  private record Delivery<T, R>(T item, Promise<R> answer) {
  }

  private Inbox(Context owner, BiConsumer<T, Promise<R>> handler) {
    this.owner = owner;
    this.handler = handler;
  }

  /**
   * Opens the inbox at {@code address}, handled on the calling verticle's context; replaces an inbox
   * a previous deployment left there.
   */
  public static <T, R> Inbox<T, R> open(Vertx vertx, String address, BiConsumer<T, Promise<R>> handler) {
    Inbox<T, R> inbox = new Inbox<>(vertx.getOrCreateContext(), handler);
    directory(vertx).put(address, inbox);
    return inbox;
  }

  /** Closes the inbox at {@code address} if it is this one; senders then fall back to the event bus. */
  public void close(Vertx vertx, String address) {
    directory(vertx).removeIfPresent(address, this);
  }

  /** The inbox open at {@code address}, or null when none is (the stage runs on the event bus only). */
  @SuppressWarnings("unchecked")
  public static <T, R> Inbox<T, R> at(Vertx vertx, String address) {
    return (Inbox<T, R>) directory(vertx).get(address);
  }

  /** Queues {@code item}; the Future completes, on the caller's context, once the receiving stage answers. */
  public Future<R> send(T item) {
    Context caller = Vertx.currentContext();
    Promise<R> answer = caller instanceof ContextInternal internal ? internal.promise() : Promise.promise();
    queue.add(new Delivery<>(item, answer));
    if (drainScheduled.compareAndSet(false, true)) {
      owner.runOnContext(v -> drain());
    }
    return answer.future();
  }

  private void drain() {
    // Cleared first: an item queued while this drain runs schedules the next one, never waits unseen.
    drainScheduled.set(false);
    for (int taken = 0; taken < MAX_PER_TURN; taken++) {
      Delivery<T, R> d = queue.poll();
      if (d == null) {
        return;
      }
      try {
        handler.accept(d.item(), d.answer());
      } catch (RuntimeException e) {
        d.answer().tryFail(e);
      }
    }
    // A long backlog is taken in turns, so that the other work of this event loop (HTTP, timers) is not held up.
    if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      owner.runOnContext(v -> drain());
    }
  }

  /**
   * The same handler as an event-bus consumer: replies with the answer, or fails with the
   * {@link ReplyException}'s code (500 for any other failure).
   */
  public static <T, R> Handler<Message<T>> onEventBus(BiConsumer<T, Promise<R>> handler) {
    return message -> {
      Promise<R> answer = Promise.promise();
      answer.future().onComplete(message::reply,
          e -> message.fail(e instanceof ReplyException r ? r.failureCode() : 500, e.getMessage()));
      handler.accept(message.body(), answer);
    };
  }

  /** A failure a sender can tell apart by code, whether it came through an inbox or the event bus. */
  public static ReplyException failure(int code, String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message);
  }

  private static LocalMap<String, Inbox<?, ?>> directory(Vertx vertx) {
    return vertx.sharedData().getLocalMap(DIRECTORY);
  }
}
