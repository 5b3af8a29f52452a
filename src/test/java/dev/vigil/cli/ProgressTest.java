package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void withoutTerminalWritesWholeLinesEndingWithTheFinalCount() {
    try (Progress bar = Progress.toLines("replay", 10, " rows", out, Duration.ofHours(1))) {
      for (int done = 1; done <= 10; done++) {
        bar.update(done, "sent " + done + " acked " + (done - 1));
      }
      bar.update(10, "sent 10 acked 10");
    }
    String written = written();
    assertThat(written).doesNotContain("\r");
    List<String> lines = written.lines().toList();
    // The start (unless the bar closed before its first draw), then nothing until the hour-long interval or
    // the end: no line per update.
    assertThat(lines).hasSizeBetween(1, 2);
    assertThat(lines.get(lines.size() - 1)).startsWith("replay").contains("100%").contains("10/10 rows").endsWith("sent 10 acked 10");
    assertThat(lines).allSatisfy(line -> assertThat(line).isASCII());
  }

  @Test
  void withoutTerminalWritesALineEachIntervalWhileRunning() throws InterruptedException {
    try (Progress bar = Progress.toLines("NAB", 100, " rows", out, Duration.ofMillis(20))) {
      // The library draws the start once, then only when the count moved since its last draw: an update
      // racing that first draw could be half-drawn and then never redrawn, so start after it.
      waitUntilWritten("0/100 rows");
      bar.update(40, "files 1/3");
      waitUntilWritten("40/100 rows");
      assertThat(written()).contains("40/100 rows").contains("files 1/3");
      bar.update(100, "files 3/3");
    }
    List<String> lines = written().lines().toList();
    assertThat(lines.get(lines.size() - 1)).contains("100/100 rows").endsWith("files 3/3");
  }

  @Test
  void neverMovesBackWhenWorkersReportOutOfOrder() {
    try (Progress bar = Progress.toLines("NAB", 100, " rows", out, Duration.ofHours(1))) {
      bar.update(80);
      bar.update(30);
    }
    List<String> lines = written().lines().toList();
    assertThat(lines.get(lines.size() - 1)).contains("80/100 rows");
  }

  private void waitUntilWritten(String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!written().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
