package dev.vigil.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency per slice of a bench run, so that a tail that comes in bursts shows when it came (one
 * percentile over the whole run cannot tell a steady 50 ms from one bad second). Single-threaded.
 */
final class LatencyOverTime {

  private final Duration slice;
  private final Map<Long, Histogram> bySlice = new TreeMap<>();

  LatencyOverTime(Duration slice) {
    this.slice = slice;
  }

  /** A latency of {@code micros}, observed {@code sinceStart} into the run. */
  void record(Duration sinceStart, long micros) {
    long index = sinceStart.toMillis() / slice.toMillis();
    bySlice.computeIfAbsent(index, i -> new Histogram(TimeUnit.MINUTES.toMicros(10), 2)).recordValue(micros);
  }

  void print(PrintStream out) {
    long seconds = slice.toSeconds();
    out.printf("latency over time (committed in each %d s slice):%n", seconds);
    bySlice.forEach((index, h) -> out.printf("  %4d-%4d s  %6d readings  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %s%n",
        index * seconds, (index + 1) * seconds, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, bar(h.getValueAtPercentile(99) / 1000.0)));
  }

  /** A log-scaled bar of the p99, one # per doubling above 1 ms: a picture of where the tail is. */
  private static String bar(double p99Ms) {
    int marks = p99Ms <= 1 ? 0 : (int) Math.ceil(Math.log(p99Ms) / Math.log(2));
    return "#".repeat(Math.min(marks, 20));
  }
}
