package dev.vigil.bench;

import dev.vigil.bus.Addresses;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.ingest.Reading;
import dev.vigil.store.StoredReadings;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One {@code vigil bench} run on one broker and one database: after an unmeasured phase of the broker alone
 * and of Vigil ({@link #prime}), in each round the broker alone, PostgreSQL alone and Vigil flat out; then,
 * in each round, the broker alone and Vigil at half of their own maximum for the latency; then, optionally,
 * a fleet of many devices for memory per device; then it compacts what was stored, for the disk its blocks
 * take ({@link CompactedDisk}). Contenders are interleaved so that a change in the shared machine's load
 * hits all of them alike.
 */
final class BenchRun {

  static final String VIGIL_DEVICES = "bench-v-";
  private static final String FLEET_DEVICES = "bench-fleet-";
  private static final long SEQ_STRIDE = 1_000_000_000L;

  private final VigilRuntime runtime;
  private final BenchSettings settings;
  private final Infra infra;
  private final LoadPhase phase;
  private final PrintStream progress;
  private long nextSeqBase;

  BenchRun(VigilRuntime runtime, BenchSettings settings, Infra infra, PrintStream progress) {
    this.runtime = runtime;
    this.settings = settings;
    this.infra = infra;
    this.progress = progress;
    this.phase = new LoadPhase(runtime.vertx(), runtime.broker(), settings, infra.processes());
  }

  JsonObject run() throws Exception {
    Figures figures = new Figures(settings);
    long bytesAtStart = infra.readingsBytes();
    long heapBefore = Memory.heapAfterGc();
    prime();
    for (int round = 1; round <= settings.rounds(); round++) {
      say("round %d/%d flat out: broker alone", round, settings.rounds());
      figures.brokerMax.add(brokerAlone(0));
      say("round %d/%d flat out: PostgreSQL alone", round, settings.rounds());
      figures.postgresMax.add(new PostgresAlone(runtime.vertx(), runtime.pgUri(), settings, infra.processes())
          .run(seqBase()));
      say("round %d/%d flat out: Vigil", round, settings.rounds());
      long bytesBefore = infra.readingsBytes();
      PhaseResult vigil = vigil(0);
      figures.addVigilMax(vigil, infra.readingsBytes() - bytesBefore);
    }
    searchSustainedRates(figures);
    figures.halfLoadRates();
    for (int round = 1; round <= settings.rounds(); round++) {
      say("round %d/%d at half load: broker alone, %.0f readings/s", round, settings.rounds(), figures.brokerHalfRate());
      figures.brokerHalf.add(brokerAlone(figures.brokerHalfRate()));
      say("round %d/%d at half load: Vigil, %.0f readings/s", round, settings.rounds(), figures.vigilHalfRate());
      figures.vigilHalf.add(vigil(figures.vigilHalfRate()));
    }
    figures.heapPerDevice(settings.devices(), Memory.heapAfterGc() - heapBefore);
    if (settings.fleet() > 0) {
      say("fleet: %d devices, %d readings each, %.0f readings/s", settings.fleet(), settings.fleetReadings(),
          figures.vigilHalfRate());
      long fleetHeapBefore = Memory.heapAfterGc();
      PhaseResult fleet = fleet(figures.vigilHalfRate());
      figures.fleet(fleet, Memory.heapAfterGc() - fleetHeapBefore, figures.vigilHalfRate());
    }
    say("compacting every reading stored into blocks");
    long compacted = CompactedDisk.compactAll(runtime.vertx(), runtime.pgUri());
    figures.compacted(compacted, infra.readingsBytes() - bytesAtStart);
    return figures.toJson(infra.unavailable());
  }

  /**
   * The highest rate the broker alone and Vigil each sustain, from their flat-out medians; the two searches take
   * turns, step by step, so that a change in the machine's load hits both alike.
   */
  private void searchSustainedRates(Figures figures) throws Exception {
    SustainedRateSearch broker = new SustainedRateSearch(Figures.median(figures.brokerMax, PhaseResult::throughput),
        settings.searchSteps());
    SustainedRateSearch vigil = new SustainedRateSearch(Figures.median(figures.vigilMax, PhaseResult::throughput),
        settings.searchSteps());
    boolean more = true;
    while (more) {
      more = step(broker, "broker alone", this::brokerAlone);
      more |= step(vigil, "Vigil", this::vigil);
    }
    figures.searched(broker, vigil);
  }

  /** One paced step of a search; false when that search is over. */
  private boolean step(SustainedRateSearch search, String contender, PacedPhase phase) throws Exception {
    double rate = search.nextRate();
    if (Double.isNaN(rate)) {
      return false;
    }
    say("highest sustained rate, %s: offering %.0f readings/s", contender, rate);
    SustainedRateSearch.Step step = search.record(phase.at(rate));
    PhaseResult r = step.result();
    say("  delivered %.0f/s, p99 %.0f ms, %d acknowledged and not arrived: %s", r.throughput(), r.percentileMs(99),
        r.notArrived(), step.sustained() ? "sustained" : "not sustained");
    return true;
  }

  @FunctionalInterface
  private interface PacedPhase {
    PhaseResult at(double rate) throws Exception;
  }

  /**
   * One unmeasured phase of the broker alone and one of Vigil, flat out, before the first round: the first round
   * was the slowest of every run, for the broker and for Vigil alike (the shared JVM's code still compiling, the
   * detectors of Vigil's devices training for the first time), so the median of few rounds leaned on a cold one.
   */
  private void prime() throws Exception {
    say("priming (unmeasured): broker alone, then Vigil, flat out");
    brokerAlone(0);
    vigil(0);
  }

  private PhaseResult brokerAlone(double rate) throws Exception {
    LoadSpec spec = spec(BrokerSubscriber.TOPIC_PREFIX, "bench-b-", settings.devices(), rate, 0);
    Tally tally = new Tally(spec.seqBase());
    try (BrokerSubscriber subscriber = BrokerSubscriber.subscribe(runtime.vertx(), runtime.broker(), tally,
        settings.brokerCleanSession())) {
      return phase.run(spec, tally);
    }
  }

  private PhaseResult vigil(double rate) throws Exception {
    LoadSpec spec = spec("devices", VIGIL_DEVICES, settings.devices(), rate, 0);
    Tally tally = new Tally(spec.seqBase());
    MessageConsumer<StoredReadings> consumer = countCommits(VIGIL_DEVICES, tally);
    try {
      return phase.run(spec, tally);
    } finally {
      consumer.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Paced at Vigil's half-load rate: flat out, thousands of new devices' messages in flight at once turn
   * the phase into an overload test (refusals, redeliveries) instead of a measure of memory per device.
   */
  private PhaseResult fleet(double rate) throws Exception {
    LoadSpec spec = spec("devices", FLEET_DEVICES, settings.fleet(), rate, settings.fleetReadings());
    Tally tally = new Tally(spec.seqBase());
    MessageConsumer<StoredReadings> consumer = countCommits(FLEET_DEVICES, tally);
    try {
      return phase.runUntil(spec, tally, settings.fleet() * settings.fleetReadings());
    } finally {
      consumer.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  /** Counts the readings of this phase's devices that the store committed (it publishes each after commit). */
  private MessageConsumer<StoredReadings> countCommits(String devicePrefix, Tally tally) throws Exception {
    Instant phaseStart = Instant.now();
    MessageConsumer<StoredReadings> consumer = runtime.vertx().eventBus().localConsumer(Addresses.READINGS_STORED,
        StoredReadings.each(scored -> {
          Reading r = scored.reading();
          if (r.deviceId().startsWith(devicePrefix) && !r.ts().isBefore(phaseStart)) {
            tally.arrived(r.deviceId(), r.seq(), r.ts(), r.receivedAt());
          }
        }));
    consumer.completion().await(10, TimeUnit.SECONDS);
    return consumer;
  }

  private LoadSpec spec(String topicPrefix, String devicePrefix, int devices, double rate, long perDevice) {
    return new LoadSpec(topicPrefix, devicePrefix, devices, settings.metrics(), rate, perDevice, seqBase());
  }

  /** Each phase numbers its readings from its own base: no two phases share a (device, seq). */
  private long seqBase() {
    nextSeqBase += SEQ_STRIDE;
    return nextSeqBase;
  }

  private void say(String format, Object... args) {
    progress.printf("[bench] " + format + "%n", args);
  }

  /** Heap in use after a full collection. */
  static final class Memory {
    private Memory() {
    }

    static long heapAfterGc() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      Runtime rt = Runtime.getRuntime();
      return rt.totalMemory() - rt.freeMemory();
    }
  }
}
