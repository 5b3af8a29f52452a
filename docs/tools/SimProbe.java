import dev.vigil.sim.*;
import dev.vigil.scoring.detect.*;
import dev.vigil.scoring.ScoredReading;
import java.time.Instant;
import java.util.*;

/**
 * False alarms of the detector on the simulator (docs/detection.md, "A day of normal"): the default
 * scenario's device kinds, one device each, nothing injected, SignalGenerator seed 42, one reading a
 * second from 00:00 UTC through StreamingRun (the server's scoring step), anomaly alerts counted as
 * AlertEpisode(100) openings (alert.anomaly.open.after 1, clear.after 100), per day.
 *
 * <pre>java -cp target/vigil.jar docs/tools/SimProbe.java DAYS [START [SEED]]</pre>
 */
public class SimProbe {
  public static void main(String[] a) {
    int days = Integer.parseInt(a[0]);
    Instant t0 = Instant.parse(a.length > 1 ? a[1] : "2026-11-30T00:00:00Z");
    long seed = a.length > 2 ? Long.parseLong(a[2]) : 42;
    Scenario sc = Scenario.load(null).withMeanReadingsBetweenAnomalies(0);
    DetectorSettings settings = DetectorSettings.of(120, 0.95);
    int[] totalPerDay = new int[days];
    for (DeviceKind kind : sc.kinds()) {
      SignalGenerator gen = new SignalGenerator(kind.idPrefix() + "-001", kind, sc, seed, l -> {});
      List<String> metrics = kind.metrics().stream().map(MetricSpec::name).toList();
      StreamingRun run = new StreamingRun(kind.idPrefix() + "-001", metrics, settings);
      AlertEpisode ep = new AlertEpisode(100);
      int[] alerts = new int[days]; long[] anom = new long[days]; long[] judged = new long[days];
      int[] hourAnom = new int[24 * days]; int[] hourJudged = new int[24 * days];
      StringBuilder firstDay = new StringBuilder();
      for (long s = 0; s < days * 86400L; s++) {
        Instant ts = t0.plusSeconds(s);
        Optional<Sample> sample = gen.next(ts);
        if (sample.isEmpty()) continue;
        double[] v = new double[metrics.size()];
        for (int i = 0; i < v.length; i++) v[i] = sample.get().metrics().get(metrics.get(i));
        ScoredReading r = run.next(ts, v);
        int d = (int) (s / 86400); int h = (int) (s / 3600);
        if (!r.warmingUp()) { judged[d]++; hourJudged[h]++; if (r.anomalous()) { anom[d]++; hourAnom[h]++; } }
        if (ep.next(r.anomalous()) == AlertEpisode.Transition.OPENED) { alerts[d]++; if (d == 0 && firstDay.length() < 400) firstDay.append(' ').append(s); }
      }
      StringBuilder sb = new StringBuilder(kind.kind() + " (" + metrics.size() + " metrics): alerts per day " + Arrays.toString(alerts) + "; % anomalous per day:");
      for (int d = 0; d < days; d++) { sb.append(' ').append(String.format("%.2f", 100.0 * anom[d] / Math.max(1, judged[d]))); totalPerDay[d] += alerts[d]; }
      sb.append("\n  % by hour:");
      for (int h = 0; h < hourJudged.length; h++) sb.append(' ').append(hourJudged[h] == 0 ? "-" : String.valueOf(Math.round(100.0 * hourAnom[h] / hourJudged[h])));
      sb.append("\n  day-1 alert seconds:").append(firstDay);
      System.out.println(sb);
    }
    System.out.println("total alerts per day (3 devices) " + Arrays.toString(totalPerDay));
  }
}
