package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import java.time.Instant;
import java.util.Map;

/**
 * Heap a {@link DetectorPool} holds per device: N devices with M metrics each, scored 3 times,
 * heap in use measured after full GCs. Prints one line (docs/benchmarks.md). Not a test: run it with
 * {@code java -Xmx1g -cp target/classes:target/test-classes:<deps> dev.vigil.scoring.DetectorMemoryProbe N M}.
 */
public final class DetectorMemoryProbe {

  private DetectorMemoryProbe() {
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int metrics = Integer.parseInt(args[1]);
    DetectorPool pool = new DetectorPool(DetectorSettings.of(120, 0.95));
    long before = used();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int d = 0; d < n; d++) {
      for (int r = 0; r < 3; r++) {
        Map<String, Double> m = new java.util.HashMap<>();
        for (int k = 0; k < metrics; k++) {
          m.put("m" + k, 100.0 + r + k);
        }
        Reading reading = new Reading("dev-" + d, t.plusSeconds(r), r, m, t.plusSeconds(r));
        pool.detectorFor(reading).score(reading);
      }
    }
    long after = used();
    System.out.printf("%d devices, %d metric(s): %.1f KiB per device (heap %d MiB -> %d MiB), pool %d%n",
        n, metrics, (after - before) / 1024.0 / n, before >> 20, after >> 20, pool.size());
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
