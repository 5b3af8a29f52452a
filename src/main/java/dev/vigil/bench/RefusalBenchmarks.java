package dev.vigil.bench;

import dev.vigil.ingest.DeadLetter;
import dev.vigil.ingest.ParseResult;
import dev.vigil.ingest.TelemetryParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the ingest thread spends on one message of a hostile flood: judging it and making its dead letter
 * (the payload's text and fingerprint are made later, and only for the few letters kept in full). A flood
 * delays valid readings exactly as far as this is slower than the broker delivers (docs/reliability.md).
 * {@code java -cp target/vigil.jar org.openjdk.jmh.Main RefusalBenchmarks}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RefusalBenchmarks {

  private static final String TOPIC = "devices/flooder-1/telemetry";

  @Param({"random_bytes", "deep_json", "oversized", "non_finite", "thousand_metrics", "valid"})
  public String kind;

  private byte[] payload;
  private int length;

  @Setup
  public void prepare() {
    payload = switch (kind) {
      case "random_bytes" -> randomBytes(512);
      case "deep_json" -> utf8("[".repeat(5_000) + "]".repeat(5_000));
      case "oversized" -> utf8("{\"metrics\":{\"s\":\"" + "a".repeat(70_000) + "\"}}");
      case "non_finite" -> utf8("{\"seq\":7,\"metrics\":{\"t\":NaN}}");
      case "thousand_metrics" -> thousandMetrics();
      case "valid" -> utf8("{\"ts\":1700000000000,\"seq\":7,\"metrics\":{\"power_w\":812.5,\"voltage\":229.8}}");
      default -> throw new IllegalArgumentException(kind);
    };
    length = payload.length;
  }

  /** As the ingest verticle does it: the head copied out of the message, judged, refused into a letter. */
  @Benchmark
  public Object judge() {
    byte[] head = java.util.Arrays.copyOf(payload, Math.min(length, TelemetryParser.MAX_PAYLOAD_BYTES + 1));
    ParseResult result = TelemetryParser.parse(TOPIC, head, length, Instant.EPOCH);
    if (result instanceof ParseResult.Rejected rejected) {
      DeadLetter letter = rejected.rejection().toDeadLetter(TOPIC, rejected.deviceId(), head, length, Instant.EPOCH,
          false);
      return letter;
    }
    return result;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(13).nextBytes(bytes);
    return bytes;
  }

  private static byte[] thousandMetrics() {
    StringBuilder json = new StringBuilder("{\"metrics\":{");
    for (int i = 0; i < 1000; i++) {
      json.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    return utf8(json.append("}}").toString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
