package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * A running load generator, driven from the bench's own (non-Vert.x) thread: in Vigil's JVM, or in a
 * child JVM so that the publishers do not share Vigil's process ({@link ChildLoad}).
 */
interface LoadRun extends AutoCloseable {

  /** Returns once every device is connected and publishing. */
  void start() throws Exception;

  /** No reading falls due any more. */
  void stop();

  /** After {@link #stop()}: waits until the broker acknowledged all that was sent, and returns how many. */
  long awaitAcknowledged() throws Exception;

  @Override
  default void close() {
  }

  /** The generator in this JVM, on the given Vert.x. */
  static LoadRun inProcess(Vertx vertx, BrokerAddress broker, LoadSpec spec) {
    LoadGenerator generator = new LoadGenerator(vertx, broker, spec);
    return new LoadRun() {
      @Override
      public void start() throws Exception {
        generator.start().await(60, TimeUnit.SECONDS);
      }

      @Override
      public void stop() {
        generator.stop();
      }

      @Override
      public long awaitAcknowledged() throws Exception {
        generator.finished().await(120, TimeUnit.SECONDS);
        return generator.acknowledged();
      }
    };
  }
}
