package dev.vigil.bench;

import dev.vigil.alert.Digits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints a bench run's JSON as the markdown that docs/benchmarks.md keeps: every figure printed is a
 * figure of the JSON, so {@code --json} and the text never disagree.
 */
final class BenchReport {

  /** Issue 11's p99 at half load; a quarter-second whose worst is above it is where the tail came from. */
  private static final double HALF_LOAD_GOAL_MS = 50;
  private static final String BARS = "▁▂▃▄▅▆▇█";

  private BenchReport() {
  }

  static void print(JsonObject f, PrintStream out) {
    JsonObject s = f.getJsonObject("settings");
    JsonObject broker = f.getJsonObject("broker");
    JsonObject postgres = f.getJsonObject("postgres");
    JsonObject vigil = f.getJsonObject("vigil");
    JsonObject ratios = f.getJsonObject("ratios");
    out.printf(Locale.ROOT, "%d devices, %d metrics per reading, QoS 1; %d rounds of %s s (after %s s warm-up) per"
        + " contender, interleaved; load generator in %s.%n%n", s.getInteger("devices"), s.getInteger("metrics"),
        s.getInteger("rounds"), num(s, "duration_s"), num(s, "warmup_s"), s.getString("load_generator"));
    out.println("| contender | readings/s median [min-max] | x broker | p50 / p99 ms at half load (offered /s)"
        + " | CPU ms per reading, own process |");
    out.println("|---|---|---|---|---|");
    out.printf(Locale.ROOT, "| broker alone (publishers -> broker -> 1 subscriber that acknowledges, %s session) | %s"
        + " | 1.00 | %s | %s |%n", broker.getString("subscriber_session", "persistent"), throughput(broker), latency(broker), num(broker, "cpu_ms_per_reading"));
    out.printf(Locale.ROOT, "| PostgreSQL alone (the store's batch statement, %d rows, one batch at a time) | %s | %s | - | %s |%n",
        postgres.getInteger("batch_size"), throughput(postgres), ratio(postgres, broker), num(postgres, "cpu_ms_per_reading"));
    out.printf(Locale.ROOT, "| **Vigil** (ack after commit) | **%s** | **%s** | **%s** | **%s** |%n",
        throughput(vigil), num(ratios, "throughput_vs_broker"), latency(vigil), num(vigil, "cpu_ms_per_reading"));
    out.println();
    out.printf(Locale.ROOT, "- Vigil as a ratio of the limits: throughput %s x broker, %s x PostgreSQL; p50 %s x and"
        + " p99 %s x the broker's at half load; CPU %s x the broker's, %s x PostgreSQL's per reading.%n",
        num(ratios, "throughput_vs_broker"), num(ratios, "throughput_vs_postgres"), num(ratios, "p50_vs_broker"),
        num(ratios, "p99_vs_broker"), num(ratios, "cpu_vs_broker"), num(ratios, "cpu_vs_postgres"));
    printSustained(broker, vigil, ratios, out);
    out.printf(Locale.ROOT, "- Acknowledged by the broker and never arrived, over the flat-out rounds: broker alone %s,"
        + " Vigil %s. A contender that leaves readings behind ran past what it sustains (a broker past its queue"
        + " limit drops them), so its figure is not its limit.%n", broker.getValue("readings_not_arrived"),
        vigil.getValue("readings_not_arrived"));
    out.printf(Locale.ROOT, "- Where Vigil's half-load latency goes: p50 / p99 %s / %s ms from ingest taking the message"
        + " off the broker's connection to the commit; the rest is the publisher and the broker.%n",
        num(vigil, "p50_ms_half_load_inside"), num(vigil, "p99_ms_half_load_inside"));
    printWindows(vigil, out);
    out.printf(Locale.ROOT, "- CPU per reading while Vigil runs flat out: Vigil %s ms, broker %s ms, PostgreSQL %s ms,"
        + " load generator %s ms.%n", num(vigil, "cpu_ms_per_reading"), num(vigil, "broker_cpu_ms_per_reading"),
        num(vigil, "postgres_cpu_ms_per_reading"), num(vigil, "load_generator_cpu_ms_per_reading"));
    out.printf(Locale.ROOT, "- Disk: %s bytes per reading, %s bytes per data point as recent rows (tables `readings*`"
        + " with partitions, indexes and TOAST, before/after the flat-out phases, %s rows); compacted into blocks"
        + " (every reading of the run, %s, after the phases): %s bytes per reading, %s per data point.%n",
        num(vigil, "bytes_per_reading"), num(vigil, "bytes_per_datapoint"), vigil.getValue("rows_stored_flat_out"),
        vigil.getValue("readings_compacted"), num(vigil, "bytes_per_reading_compacted"),
        num(vigil, "bytes_per_datapoint_compacted"));
    out.printf(Locale.ROOT, "- Heap per device (%d devices, after full GCs, before/after all phases): %s KiB.%n",
        s.getInteger("devices"), num(vigil, "heap_kib_per_device"));
    JsonObject fleet = f.getJsonObject("fleet");
    if (fleet != null) {
      out.printf(Locale.ROOT, "- Fleet: %d devices x %d readings, offered %s /s: %s readings/s, heap %s KiB per device,"
          + " Vigil CPU %s ms per reading%s.%n", fleet.getInteger("devices"), fleet.getLong("readings_per_device"),
          whole(fleet, "offered_rate"), num(fleet, "throughput"), num(fleet, "heap_kib_per_device"), num(fleet, "cpu_ms_per_reading"),
          fleet.getBoolean("complete") ? "" : "; INCOMPLETE: only " + fleet.getLong("readings_stored")
              + " readings stored before arrivals stalled, so not every device was judged");
    }
    f.getJsonObject("unavailable").forEach(e -> out.printf("- Unavailable: %s: %s.%n", e.getKey(), e.getValue()));
  }

  /**
   * Vigil's half-load windows, one line each: when the worst latency happened (to line up with a database or GC
   * log), how many quarter-seconds passed 50 ms, and the worst of each quarter-second as a sparkline.
   */
  private static void printWindows(JsonObject vigil, PrintStream out) {
    JsonArray windows = vigil.getJsonArray("half_load_windows", new JsonArray());
    for (int i = 0; i < windows.size(); i++) {
      JsonObject w = windows.getJsonObject(i);
      JsonArray worst = w.getJsonArray("worst_ms");
      double max = -1;
      int at = 0;
      long above = 0;
      StringBuilder line = new StringBuilder();
      for (int q = 0; q < worst.size(); q++) {
        Double ms = worst.getDouble(q);
        line.append(ms == null ? ' ' : bar(ms));
        if (ms != null && ms > max) {
          max = ms;
          at = q;
        }
        above += ms != null && ms > HALF_LOAD_GOAL_MS ? 1 : 0;
      }
      long sliceMs = w.getLong("slice_ms");
      out.printf(Locale.ROOT, "- Vigil's half-load window %d of %d, from %s: worst %s ms, sent at +%.2f s;"
          + " %d of %d quarter-seconds above %.0f ms; worst of each (1 ms ▁ to 1 s █): `%s`%n", i + 1,
          windows.size(), w.getString("start"), max < 0 ? "-" : String.format(Locale.ROOT, "%.1f", max),
          at * sliceMs / 1000.0, above, worst.size(), HALF_LOAD_GOAL_MS, line);
    }
  }

  private static void printSustained(JsonObject broker, JsonObject vigil, JsonObject ratios, PrintStream out) {
    if (broker.getJsonArray("sustained_search").isEmpty() && vigil.getJsonArray("sustained_search").isEmpty()) {
      out.println("- Highest rate sustained: not searched (--search-steps 0); the flat-out medians stand for each"
          + " contender's maximum.");
      return;
    }
    out.printf(Locale.ROOT, "- Highest rate sustained (paced; at least %.0f%% of it delivered in the window, nothing"
        + " lost, p99 at most %.0f ms): broker alone %s /s, **Vigil %s /s: %s x the broker**.%n",
        SustainedRateSearch.KEEP_UP * 100, SustainedRateSearch.MAX_P99_MS, whole(broker, "sustained_throughput"),
        whole(vigil, "sustained_throughput"), num(ratios, "sustained_throughput_vs_broker"));
    out.printf(Locale.ROOT, "- Search steps, offered -> delivered /s (p99 ms), yes/no sustained: broker alone %s;"
        + " Vigil %s.%n", steps(broker), steps(vigil));
  }

  /** A latency as one of eight heights on a log scale from 1 ms to 1 s. */
  static char bar(double ms) {
    double decades = Math.log10(Math.max(1, ms)) / 3;
    return BARS.charAt((int) Math.min(BARS.length() - 1, Math.round(decades * (BARS.length() - 1))));
  }

  private static String steps(JsonObject contender) {
    return contender.getJsonArray("sustained_search").stream().map(o -> (JsonObject) o)
        .map(s -> String.format(Locale.ROOT, "%s -> %s (%s) %s", whole(s, "offered"), whole(s, "throughput"),
            num(s, "p99_ms"), s.getBoolean("sustained") ? "yes" : "no"))
        .collect(Collectors.joining(", "));
  }

  private static String throughput(JsonObject c) {
    return String.format(Locale.ROOT, "%s [%s-%s]", whole(c, "throughput"), whole(c, "throughput_min"),
        whole(c, "throughput_max"));
  }

  private static String latency(JsonObject c) {
    return String.format(Locale.ROOT, "%s / %s (%s)", num(c, "p50_ms_half_load"), num(c, "p99_ms_half_load"),
        whole(c, "half_load_rate"));
  }

  private static String ratio(JsonObject of, JsonObject to) {
    Double a = of.getDouble("throughput");
    Double b = to.getDouble("throughput");
    return a == null || b == null || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static String whole(JsonObject o, String key) {
    Double v = o.getDouble(key);
    return v == null ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  /**
   * Whole numbers from 100, two decimals from 0.1, and below 0.1 the meaningful digits of {@link Digits} (a CPU
   * cost of 0.0419 ms is not 0.04); "-" when not measured.
   */
  static String num(JsonObject o, String key) {
    Double v = o.getDouble(key);
    if (v == null) {
      return "-";
    }
    if (Math.abs(v) < 0.1) {
      return Digits.text(v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.2f", v);
  }
}
