package dev.vigil.store;

import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.function.Consumer;

/**
 * The readings one commit stored for the first time, in the order they were written (redelivered copies
 * left out), published once per commit on {@link dev.vigil.bus.Addresses#READINGS_STORED}: one message per
 * commit instead of one per reading to each of the stages after the store (measured in docs/benchmarks.md).
 */
public record StoredReadings(List<ScoredReading> readings) {

  public StoredReadings {
    readings = List.copyOf(readings);
  }

  /** A consumer of {@link dev.vigil.bus.Addresses#READINGS_STORED} that takes the readings one by one. */
  public static Handler<Message<StoredReadings>> each(Consumer<ScoredReading> action) {
    return m -> m.body().readings().forEach(action);
  }

  /** One reading alone, as a test or a tool announces it. */
  public static StoredReadings of(ScoredReading reading) {
    return new StoredReadings(List.of(reading));
  }
}
