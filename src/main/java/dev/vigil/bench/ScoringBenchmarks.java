package dev.vigil.bench;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Per-reading cost of the live detector at steady state: a detector past its warm-up with a trained
 * Tribuo model scores readings of 1, 3 or 30 metrics (from 2 metrics on with the joint PCA model too,
 * its refits every 2,000 readings included); the reading objects are prepared up front, so what is
 * measured is scoring, not building readings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoringBenchmarks {

  private static final int PREPARED = 4096;

  @Param({"1", "3", "30"})
  public int metrics;

  private DeviceDetector detector;
  private Reading[] readings;
  private int next;

  @Setup(Level.Trial)
  public void warmUp() {
    Random random = new Random(1);
    List<String> names = java.util.stream.IntStream.range(0, metrics).mapToObj(m -> "m" + m).toList();
    detector = new DeviceDetector("bench|" + String.join(",", names), names, DetectorSettings.of(120, 0.95));
    readings = new Reading[PREPARED];
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < PREPARED; i++) {
      Map<String, Double> values = new java.util.HashMap<>();
      double shared = 10 * Math.sin(i / 50.0);
      for (String name : names) {
        values.put(name, 100 + shared + random.nextGaussian()); // metrics that move together, as a device's do
      }
      // 3 minutes apart: the joint model keeps one normal row per 3 minutes, and must be fitted here
      Instant ts = t0.plusSeconds(180L * i);
      readings[i] = new Reading("bench", ts, i, values, ts);
    }
    int version = 0;
    for (int i = 0; i < 2 * PREPARED; i++) {
      detector.score(readings[i % PREPARED]);
      var job = detector.trainingDue();
      if (job.isPresent()) {
        detector.install(job.get().train(), ++version);
      }
    }
  }

  /** One reading through features, Tribuo SVM, likelihood, the joint model and calibration. */
  @Benchmark
  public ScoredReading scoreOneReading() {
    next = (next + 1) & (PREPARED - 1);
    return detector.score(readings[next]);
  }

  /** Runs the benchmarks and prints microseconds per reading; what `vigil bench --jmh` calls. */
  public static Collection<RunResult> run(PrintStream out) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(ScoringBenchmarks.class.getName() + ".*")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult r : results) {
      out.printf("scoring, %s metric(s): %.3f us/reading (+- %.3f)%n", r.getParams().getParam("metrics"),
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError());
    }
    return results;
  }

  public static void main(String[] args) throws RunnerException {
    run(System.out);
  }
}
