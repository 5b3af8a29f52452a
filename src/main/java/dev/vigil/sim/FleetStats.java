package dev.vigil.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of a fleet, safe to read from any thread (the CLI prints them every second). */
public final class FleetStats {

  final LongAdder generated = new LongAdder();
  final LongAdder published = new LongAdder();
  final LongAdder acknowledged = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder labels = new LongAdder();
  final LongAdder buffered = new LongAdder();
  final AtomicInteger connected = new AtomicInteger();

  /** Readings produced (silent periods produce none). */
  public long generated() {
    return generated.sum();
  }

  /** Readings handed to the broker (a flushed array counts each reading in it). */
  public long published() {
    return published.sum();
  }

  /** Readings whose QoS 1 PUBACK arrived. */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /** Readings dropped because a device's offline buffer was full (oldest first). */
  public long dropped() {
    return dropped.sum();
  }

  public long reconnects() {
    return reconnects.sum();
  }

  /** Anomalies injected and labelled so far. */
  public long labels() {
    return labels.sum();
  }

  /** Readings waiting in devices' offline buffers or in flight. */
  public long buffered() {
    return buffered.sum();
  }

  public int connected() {
    return connected.get();
  }
}
