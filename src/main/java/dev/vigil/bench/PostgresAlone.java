package dev.vigil.bench;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.store.PgPools;
import dev.vigil.store.ReadingBatches;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The PostgreSQL-alone contender: the rows Vigil would store for the same devices and metrics (score,
 * expected band on every metric), written through the store's own batch statement one batch after the
 * other, as the store's group commit does, from one connection. No broker, no parsing, no scoring.
 * Its rows are dated {@link #AHEAD} in the future: dated now, they shared minutes with the Vigil phase
 * that follows, and Vigil's rollup passes aggregated them (hundreds of thousands of rows a phase at 30
 * metrics) inside Vigil's measurement window.
 */
final class PostgresAlone {

  /** Far enough for no other phase's minute, near enough for a day partition the store has made. */
  static final Duration AHEAD = Duration.ofDays(2);

  private final Vertx vertx;
  private final String pgUri;
  private final BenchSettings settings;
  private final List<ProcessCpu> processes;
  private final List<String> metricNames;

  PostgresAlone(Vertx vertx, String pgUri, BenchSettings settings, List<ProcessCpu> processes) {
    this.vertx = vertx;
    this.pgUri = pgUri;
    this.settings = settings;
    this.processes = processes;
    this.metricNames = new LoadSpec("-", "-", 1, settings.metrics(), 0, 0, 0).metricNames();
  }

  PhaseResult run(long seqBase) throws Exception {
    Pool pool = PgPools.create(vertx, pgUri, 1);
    try {
      ReadingBatches writer = new ReadingBatches(pool);
      CpuMeter cpu = new CpuMeter(processes);
      long windowStart = System.nanoTime() + settings.warmup().toNanos();
      long windowEnd = windowStart + settings.duration().toNanos();
      long seq = seqBase;
      long inWindow = 0;
      long all = 0;
      cpu.begin();
      while (System.nanoTime() < windowEnd) {
        boolean inside = System.nanoTime() >= windowStart;
        List<ScoredReading> batch = batch(seq);
        seq += batch.size();
        int stored = writer.write(batch).await(60, TimeUnit.SECONDS);
        all += stored;
        if (inside) {
          inWindow += stored;
        }
      }
      return new PhaseResult(inWindow / settings.seconds(), new Histogram(3),
          cpu.perReading(all), all, seq - seqBase);
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** One batch of readings, the devices taking turns as they do on the wire. */
  private List<ScoredReading> batch(long firstSeq) {
    List<ScoredReading> batch = new ArrayList<>(settings.batchSize());
    Instant now = Instant.now();
    Instant ts = now.plus(AHEAD);
    for (int i = 0; i < settings.batchSize(); i++) {
      long seq = firstSeq + i;
      batch.add(scored(new Reading("pg-bench-" + (seq % settings.devices()), ts.plusNanos(i * 1000L), seq,
          metrics(seq), now)));
    }
    return batch;
  }

  private Map<String, Double> metrics(long seq) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int m = 0; m < metricNames.size(); m++) {
      values.put(metricNames.get(m), 100.0 * (m + 1) + Math.sin(seq / 50.0 + m) * 30);
    }
    return values;
  }

  private static ScoredReading scored(Reading reading) {
    Map<String, ScoredReading.Range> expected = new HashMap<>();
    reading.metrics().forEach((metric, value) -> expected.put(metric, new ScoredReading.Range(value - 5, value + 5)));
    return new ScoredReading(reading, 0.12, false, false, 1, List.of(), expected);
  }
}
