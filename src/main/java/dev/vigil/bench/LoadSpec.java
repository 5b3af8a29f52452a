package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a load generator publishes: {@code devices} connections named {@code devicePrefix + n}, each to
 * {@code topicPrefix/<device>/telemetry}, readings with {@code metrics} values, at {@code rate} readings/s
 * in all (0: as fast as the broker acknowledges), at most {@code perDevice} each (0: until stopped),
 * sequence numbers from {@code seqBase}.
 */
record LoadSpec(String topicPrefix, String devicePrefix, int devices, int metrics, double rate, long perDevice,
    long seqBase) {

  /** The workload names its first three metrics; more are numbered. */
  private static final List<String> NAMED = List.of("power_w", "voltage", "current");

  LoadSpec {
    if (devices < 1 || metrics < 1 || rate < 0 || perDevice < 0) {
      throw new IllegalArgumentException("devices and metrics >= 1, rate and perDevice >= 0");
    }
  }

  boolean paced() {
    return rate > 0;
  }

  String topic(String deviceId) {
    return topicPrefix + "/" + deviceId + "/telemetry";
  }

  List<String> metricNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < metrics; i++) {
      names.add(i < NAMED.size() ? NAMED.get(i) : "m" + i);
    }
    return names;
  }

  /** The child process's arguments, read back by {@link #fromArgs}. */
  List<String> toArgs() {
    return List.of(topicPrefix, devicePrefix, Integer.toString(devices), Integer.toString(metrics),
        Double.toString(rate), Long.toString(perDevice), Long.toString(seqBase));
  }

  static LoadSpec fromArgs(List<String> args) {
    return new LoadSpec(args.get(0), args.get(1), Integer.parseInt(args.get(2)), Integer.parseInt(args.get(3)),
        Double.parseDouble(args.get(4)), Long.parseLong(args.get(5)), Long.parseLong(args.get(6)));
  }
}
