package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs one MQTT phase: publish (warm-up, then the measurement window), stop, and wait until what the
 * broker acknowledged has arrived (or nothing more arrives for a while), so that phases never overlap.
 * CPU is sampled from when the devices are connected until everything arrived, and divided by every
 * reading of the phase: work left over after the window (a backlog) counts too.
 */
final class LoadPhase {

  private static final long QUIET_NANOS = 15_000_000_000L;
  /** A fleet floods the store's backlog; its refusals and redeliveries come in waves, so wait longer. */
  private static final long FLEET_QUIET_NANOS = 60_000_000_000L;

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final BenchSettings settings;
  private final List<ProcessCpu> processes;

  LoadPhase(Vertx vertx, BrokerAddress broker, BenchSettings settings, List<ProcessCpu> processes) {
    this.vertx = vertx;
    this.broker = broker;
    this.settings = settings;
    this.processes = processes;
  }

  PhaseResult run(LoadSpec spec, Tally tally) throws Exception {
    try (LoadRun load = newLoad(spec)) {
      load.start();
      CpuMeter cpu = new CpuMeter(processes);
      cpu.begin();
      Thread.sleep(settings.warmup().toMillis());
      tally.openWindow(settings.duration().toNanos());
      Thread.sleep(settings.duration().toMillis());
      load.stop();
      long acked = load.awaitAcknowledged();
      awaitArrivals(tally::all, acked, QUIET_NANOS);
      var cpuPerReading = withLoad(cpu.perReading(tally.all()), load, tally.all());
      return new PhaseResult(tally.inWindow() / settings.seconds(), tally.latency(), tally.latencyInside(),
          tally.timeline(), cpuPerReading, tally.all(), acked);
    }
  }

  /** Publishes until {@code target} readings arrived (the fleet phase); throughput over the whole phase. */
  PhaseResult runUntil(LoadSpec spec, Tally tally, long target) throws Exception {
    try (LoadRun load = newLoad(spec)) {
      load.start();
      long start = System.nanoTime();
      tally.openWindow(Long.MAX_VALUE / 2);
      CpuMeter cpu = new CpuMeter(processes);
      cpu.begin();
      awaitArrivals(tally::all, target, FLEET_QUIET_NANOS);
      double seconds = (System.nanoTime() - start) / 1e9;
      load.stop();
      long acked = load.awaitAcknowledged();
      awaitArrivals(tally::all, acked, QUIET_NANOS);
      var cpuPerReading = withLoad(cpu.perReading(tally.all()), load, tally.all());
      return new PhaseResult(tally.all() / seconds, tally.latency(), tally.latencyInside(), tally.timeline(),
          cpuPerReading, tally.all(), acked);
    }
  }

  private LoadRun newLoad(LoadSpec spec) {
    return settings.childLoad() ? new ChildLoad(broker, spec) : LoadRun.inProcess(vertx, broker, spec);
  }

  /** Adds the child load generator's CPU (its whole life, JVM start included) when it ran in a child. */
  private static Map<String, Double> withLoad(Map<String, Double> cpu, LoadRun load, long readings) {
    if (load instanceof ChildLoad child && child.cpuNanos() >= 0 && readings > 0) {
      cpu.put("load_generator", child.cpuNanos() / 1e6 / readings);
    }
    return cpu;
  }

  /** Waits until {@code count} reaches {@code target}, or has not moved for a while (what is missing is not coming). */
  static void awaitArrivals(LongSupplier count, long target, long quietNanos) throws InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (count.getAsLong() < target && System.nanoTime() - lastChange < quietNanos) {
      long now = count.getAsLong();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }
}
