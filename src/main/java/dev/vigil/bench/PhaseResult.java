package dev.vigil.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one phase of a contender measured: readings per second inside the window, their latency (empty
 * for PostgreSQL alone) and, for Vigil, the part of it spent inside Vigil (from ingest receiving the
 * message to the commit; empty for the others), CPU milliseconds per reading of each process that could
 * be read, and how many readings arrived in the whole phase against how many were sent. The timeline keeps
 * the worst latency of each quarter-second of the window, to say when a tail happened.
 */
record PhaseResult(double throughput, Histogram latencyMicros, Histogram insideMicros, LatencyTimeline timeline,
    Map<String, Double> cpuMsPerReading, long arrived, long sent) {

  PhaseResult(double throughput, Histogram latencyMicros, Map<String, Double> cpuMsPerReading, long arrived,
      long sent) {
    this(throughput, latencyMicros, new Histogram(3), LatencyTimeline.none(), cpuMsPerReading, arrived, sent);
  }

  /** Readings the broker acknowledged to the publishers that never arrived. */
  long notArrived() {
    return Math.max(0, sent - arrived);
  }

  double percentileMs(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }
}
