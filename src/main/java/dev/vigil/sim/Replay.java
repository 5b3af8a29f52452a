package dev.vigil.sim;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a CSV file as one device's telemetry with the original timestamps ({@code seq} = the
 * row's number, header excluded), paced by {@code speed} times real time or as fast as the broker
 * acknowledges. Blank lines are skipped (they keep their line number). Runs on the calling thread (a command's, never an event loop).
 */
public final class Replay {

  /** How to read the file. */
  public record Source(Path file, String separator, String timeColumn, List<String> ignoredColumns, ZoneId zone) {
  }

  /** What happened: rows read, rejected (with the first reasons), sent, acknowledged. */
  public record Summary(long rows, long rejected, List<String> firstRejections, long sent, long acknowledged,
      Duration took, String failure) {
    public double ratePerSecond() {
      return acknowledged / Math.max(0.001, took.toMillis() / 1000.0);
    }
  }

  /** Called after each row with (data lines done, sent, acknowledged). */
  public interface Progress {
    void update(long linesDone, long sent, long acknowledged);
  }

  private Replay() {
  }

  /** "max" (0: no pacing), "60x", "60" or "0.5x". */
  public static double parseSpeed(String speed) {
    String s = speed.trim().toLowerCase(Locale.ROOT);
    if (s.equals("max")) {
      return 0;
    }
    double factor = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("speed must be 'max' or a positive factor like 60x, was '" + speed + "'");
    }
    return factor;
  }

  /** Data lines in the file (for a progress bar). */
  public static long countDataLines(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
    }
  }

  public static Summary run(Source source, ReplayPublisher publisher, double speed, Progress progress)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long rows = 0;
    long rejected = 0;
    List<String> reasons = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(source.file(), StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException(source.file() + " is empty");
      }
      CsvTelemetry csv = CsvTelemetry.fromHeader(header, source.separator(), source.timeColumn(),
          source.ignoredColumns(), source.zone());
      Pacer pacer = new Pacer(speed);
      long lineNumber = 1;
      String line;
      while ((line = reader.readLine()) != null && publisher.failure() == null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        CsvTelemetry.Line parsed = csv.parse(lineNumber, line);
        if (parsed instanceof CsvTelemetry.Row row) {
          pacer.waitFor(row.ts());
          publisher.send(toJson(row));
          rows++;
        } else if (parsed instanceof CsvTelemetry.Rejected r) {
          rejected++;
          if (reasons.size() < 10) {
            reasons.add("line " + r.lineNumber() + ": " + r.reason());
          }
        }
        progress.update(rows + rejected, publisher.sent(), publisher.acknowledged());
      }
    } catch (IllegalStateException stopped) {
      // the connection was lost; the summary says so
    }
    publisher.awaitAcknowledged(Duration.ofSeconds(30));
    progress.update(rows + rejected, publisher.sent(), publisher.acknowledged());
    return new Summary(rows, rejected, List.copyOf(reasons), publisher.sent(), publisher.acknowledged(),
        Duration.ofNanos(System.nanoTime() - started), publisher.failure());
  }

  /** Sleeps so that rows go out at {@code speed} times the pace of their own timestamps. */
  private static final class Pacer {
    private final double speed;
    private Instant firstTs;
    private long firstNanos;

    Pacer(double speed) {
      this.speed = speed;
    }

    void waitFor(Instant ts) throws InterruptedException {
      if (speed <= 0) {
        return;
      }
      if (firstTs == null) {
        firstTs = ts;
        firstNanos = System.nanoTime();
        return;
      }
      long dueNanos = firstNanos + (long) (Duration.between(firstTs, ts).toNanos() / speed);
      long waitMs = (dueNanos - System.nanoTime()) / 1_000_000;
      if (waitMs > 0) {
        Thread.sleep(waitMs);
      }
    }
  }

  /** The wire form of a replayed row: its original time, and its row number (header excluded) as seq. */
  static JsonObject toJson(CsvTelemetry.Row row) {
    JsonObject metrics = new JsonObject();
    row.metrics().forEach(metrics::put);
    return new JsonObject().put("ts", row.ts().toString()).put("seq", row.lineNumber() - 1).put("metrics", metrics);
  }
}
