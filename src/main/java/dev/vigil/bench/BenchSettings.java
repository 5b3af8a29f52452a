package dev.vigil.bench;

import java.time.Duration;

/**
 * One bench run's workload and method.
 *
 * @param latencyRate readings/s offered in the latency phases; 0: half of each contender's measured maximum
 * @param fleet       devices of the fleet phase (memory per device); 0: no fleet phase
 * @param fleetReadings readings per device in the fleet phase (enough that every device is judged)
 * @param childLoad   publish from a child JVM rather than Vigil's
 * @param batchSize   rows per statement for PostgreSQL alone: the store's {@code store.batch.size}
 * @param brokerCleanSession the broker-alone subscriber holds a clean session, which a broker may queue in memory
 *                    only, instead of the persistent session Vigil's ingest holds (its queue survives a restart)
 * @param searchSteps paced phases per contender searching the highest rate it sustains ({@link SustainedRateSearch});
 *                    0: no search, the flat-out median stands for the maximum
 */
record BenchSettings(int devices, int metrics, double latencyRate, Duration warmup, Duration duration, int rounds,
    int fleet, long fleetReadings, boolean childLoad, int batchSize, boolean brokerCleanSession, int searchSteps) {

  double seconds() {
    return duration.toNanos() / 1e9;
  }
}
