package dev.vigil.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one phase of a contender measured: readings per second inside the window, their latency (empty
 * for PostgreSQL alone), CPU milliseconds per reading of each process that could be read, and how many
 * readings arrived in the whole phase against how many were sent.
 */
record PhaseResult(double throughput, Histogram latencyMicros, Map<String, Double> cpuMsPerReading, long arrived,
    long sent) {

  double percentileMs(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }
}
