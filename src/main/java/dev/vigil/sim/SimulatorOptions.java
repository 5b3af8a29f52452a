package dev.vigil.sim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What fleet to simulate against which broker. {@code rate} is readings per second per device;
 * {@code duration} null runs until stopped; {@code labels} null writes no label file; {@code
 * scenario} is a file path or a built-in name (null: the mixed fleet).
 */
public record SimulatorOptions(BrokerAddress broker, int devices, double rate, String scenario,
    Duration duration, long seed, Path labels, String idPrefix, int maxBufferedPerDevice) {

  public SimulatorOptions {
    if (devices < 1 || devices > 100_000) {
      throw new IllegalArgumentException("devices must be 1 to 100000, was " + devices);
    }
    if (!(rate > 0) || rate > 1000) {
      throw new IllegalArgumentException("rate must be above 0 and at most 1000 readings/s per device, was " + rate);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive");
    }
    idPrefix = idPrefix == null ? "" : idPrefix;
    if (maxBufferedPerDevice < 1) {
      throw new IllegalArgumentException("maxBufferedPerDevice must be positive");
    }
  }

  /** N devices at one reading per second each, default scenario, forever, seed 42, no label file. */
  public static SimulatorOptions of(BrokerAddress broker, int devices) {
    return new SimulatorOptions(broker, devices, 1.0, null, null, 42L, null, "", 10_000);
  }

  public SimulatorOptions withRate(double readingsPerSecond) {
    return new SimulatorOptions(broker, devices, readingsPerSecond, scenario, duration, seed, labels, idPrefix,
        maxBufferedPerDevice);
  }

  public SimulatorOptions withScenario(String scenarioPathOrName) {
    return new SimulatorOptions(broker, devices, rate, scenarioPathOrName, duration, seed, labels, idPrefix,
        maxBufferedPerDevice);
  }

  public SimulatorOptions withDuration(Duration runFor) {
    return new SimulatorOptions(broker, devices, rate, scenario, runFor, seed, labels, idPrefix, maxBufferedPerDevice);
  }

  public SimulatorOptions withSeed(long randomSeed) {
    return new SimulatorOptions(broker, devices, rate, scenario, duration, randomSeed, labels, idPrefix,
        maxBufferedPerDevice);
  }

  public SimulatorOptions withLabels(Path labelFile) {
    return new SimulatorOptions(broker, devices, rate, scenario, duration, seed, labelFile, idPrefix,
        maxBufferedPerDevice);
  }

  /** Prefixes every device id, so that two fleets on one broker do not collide. */
  public SimulatorOptions withIdPrefix(String prefix) {
    return new SimulatorOptions(broker, devices, rate, scenario, duration, seed, labels, prefix, maxBufferedPerDevice);
  }
}
