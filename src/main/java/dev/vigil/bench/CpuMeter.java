package dev.vigil.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** CPU of several processes sampled together at the edges of a measurement window. */
final class CpuMeter {

  private final List<ProcessCpu> processes;
  private final Map<String, Long> start = new LinkedHashMap<>();

  CpuMeter(List<ProcessCpu> processes) {
    this.processes = processes;
  }

  void begin() {
    start.clear();
    for (ProcessCpu p : processes) {
      OptionalLong nanos = p.nanos();
      if (nanos.isPresent()) {
        start.put(p.name(), nanos.getAsLong());
      }
    }
  }

  /** Milliseconds of CPU per reading since {@link #begin()}, per process that could be read both times. */
  Map<String, Double> perReading(long readings) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (ProcessCpu p : processes) {
      OptionalLong nanos = p.nanos();
      Long before = start.get(p.name());
      if (nanos.isPresent() && before != null && readings > 0) {
        out.put(p.name(), (nanos.getAsLong() - before) / 1e6 / readings);
      }
    }
    return out;
  }
}
