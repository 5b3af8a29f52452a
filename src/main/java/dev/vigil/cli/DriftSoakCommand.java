package dev.vigil.cli;

import dev.vigil.evaluate.SyntheticSeries;
import dev.vigil.scoring.drift.DriftAlarm;
import dev.vigil.sim.AnomalyKind;
import dev.vigil.sim.DeviceKind;
import dev.vigil.sim.Sample;
import dev.vigil.sim.Scenario;
import dev.vigil.sim.SignalGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil drift-soak}: days of a simulated fleet (the signal generators of {@code serve
 * --simulate}, with no drift injected) fed straight through the server's drift alarm, off-line and as
 * fast as the CPU goes; prints the drift alerts per device per day. Then the labelled synthetic series
 * with their slow injected drift: how many raised a drift alert. The alarm sees the readings only (not
 * the anomaly detector's verdicts), so the detector is not run: what it opens here is what it opens live.
 */
@Command(name = "drift-soak", mixinStandardHelpOptions = true,
    description = "Measure drift alerts per device per day on a simulated fleet without injected drift.")
public final class DriftSoakCommand implements Callable<Integer> {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  @Option(names = "--devices", defaultValue = "20", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--days", defaultValue = "7", description = "Simulated days per device (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--rate", defaultValue = "1", description = "Readings per second per device, as serve --simulate-rate (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--seed", defaultValue = "42", description = "Fleet seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", defaultValue = "0", description = "Devices run in parallel; 0: one per core.")
  int threads;

  @Option(names = "--list", description = "Print every drift alert opened.")
  boolean list;

  @Override
  public Integer call() throws Exception {
    Scenario scenario = withoutDrift(Scenario.load(null));
    List<DeviceKind> kinds = scenario.deal(devices);
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long started = System.nanoTime();
    try {
      List<Future<Integer>> alerts = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        String id = String.format("%s-%03d", kinds.get(i).idPrefix(), i + 1);
        SignalGenerator generator = new SignalGenerator(id, kinds.get(i), scenario, seed * 1_000_003L + i, label -> { });
        alerts.add(pool.submit(() -> soak(generator)));
      }
      int total = 0;
      for (Future<Integer> a : alerts) {
        total += a.get();
      }
      System.out.printf("drift soak: %d devices x %d days at %.3g readings/s (%s, no drift injected)%n", devices,
          days, rate, scenario.name());
      double judged = days - DriftAlarm.MIN_HISTORY.toDays();
      System.out.printf("drift alerts opened: %d = %.3f per device per day; %.3f per device per judged day "
          + "(the first %d days only build the normal range) (%.0f s)%n", total, total / (double) devices / days,
          judged > 0 ? total / (double) devices / judged : Double.NaN, DriftAlarm.MIN_HISTORY.toDays(),
          (System.nanoTime() - started) / 1e9);
      int[] found = syntheticDriftFound();
      System.out.printf("synthetic series with a slow injected drift that raised a drift alert: %d of %d "
          + "(%d raised one before their drift began)%n", found[0], SYNTHETIC_SERIES, found[1]);
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  private static Scenario withoutDrift(Scenario s) {
    Map<AnomalyKind, Double> weights = new EnumMap<>(s.anomalyWeights());
    weights.put(AnomalyKind.DRIFT, 0.0);
    return new Scenario(s.name(), s.kinds(), s.meanReadingsBetweenAnomalies(), s.quietReadings(), Map.copyOf(weights));
  }

  /** One device's readings through the drift alarm; returns the drift alerts opened. */
  private int soak(SignalGenerator generator) {
    long readings = Math.round(days * 86_400 * rate);
    DriftAlarm alarm = null;
    List<String> metrics = null;
    int opened = 0;
    for (long n = 0; n < readings; n++) {
      Instant ts = START.plusNanos(Math.round(n * 1e9 / rate));
      Sample sample = generator.next(ts).orElse(null);
      if (sample == null) {
        continue;
      }
      if (alarm == null) {
        metrics = new ArrayList<>(new TreeSet<>(sample.metrics().keySet()));
        alarm = new DriftAlarm(generator.deviceId(), metrics);
      }
      opened += step(alarm, metrics, ts, sample.metrics());
    }
    return opened;
  }

  private int step(DriftAlarm alarm, List<String> metrics, Instant ts, Map<String, Double> reading) {
    double[] values = new double[metrics.size()];
    for (int m = 0; m < values.length; m++) {
      values[m] = reading.get(metrics.get(m));
    }
    List<DriftAlarm.Event> opened = alarm.observe(ts, values).stream()
        .filter(e -> e.change() == DriftAlarm.Change.OPEN).toList();
    if (list) {
      opened.forEach(e -> System.out.printf("  %s %s %s since %s: mean %.6g, range [%.6g, %.6g], %.2f widths beyond%n",
          e.at(), e.deviceId(), e.metric(), e.since(), e.mean(), e.low(), e.high(), e.beyond()));
    }
    return opened.size();
  }

  private static final int SYNTHETIC_SERIES = 30;

  /**
   * The synthetic benchmark's series (5-minute readings, one slow drift each): how many raised a drift
   * alert once their drift began, and how many raised one before it (a false drift alert).
   */
  private int[] syntheticDriftFound() {
    int found = 0;
    int early = 0;
    for (int s = 0; s < SYNTHETIC_SERIES; s++) {
      SyntheticSeries series = SyntheticSeries.generate(1000 + s, 6000, 1500);
      SyntheticSeries.Injection drift = series.injections().stream()
          .filter(i -> i.kind() == SyntheticSeries.Kind.DRIFT).findFirst().orElseThrow();
      DriftAlarm alarm = new DriftAlarm("synthetic", List.of("value"));
      boolean hit = false;
      boolean before = false;
      for (int i = 0; i < series.values().length; i++) {
        Instant ts = START.plus(Duration.ofMinutes(5L * i));
        int opened = step(alarm, List.of("value"), ts, Map.of("value", series.values()[i]));
        hit |= opened > 0 && i >= drift.start();
        before |= opened > 0 && i < drift.start();
      }
      found += hit ? 1 : 0;
      early += before ? 1 : 0;
    }
    return new int[] {found, early};
  }
}
