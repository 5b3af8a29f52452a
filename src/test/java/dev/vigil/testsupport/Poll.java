package dev.vigil.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** TEST-ONLY: waits for a condition a fault test counts on, and fails naming what was reached. */
public final class Poll {

  private static final long INTERVAL_MS = 50;

  private Poll() {
  }

  /** Waits up to {@code boundMs} for {@code done}; on timeout fails with {@code state}, read then. */
  public static void until(BooleanSupplier done, Supplier<String> state, long boundMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + boundMs;
    while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(INTERVAL_MS);
    }
    assertThat(done.getAsBoolean()).as("within %d ms (%s)", boundMs, state.get()).isTrue();
  }
}
