package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  @TempDir
  Path dir;

  private static String mistakeOf(String... args) {
    ReplayCommand command = new ReplayCommand();
    new CommandLine(command).parseArgs(args);
    return command.mistake();
  }

  @Test
  void namesAMissingFileByItsFlag() {
    assertThat(mistakeOf("--file", dir.resolve("nope.csv").toString(), "--device", "d-1"))
        .isEqualTo("--file " + dir.resolve("nope.csv") + ": no such file");
  }

  @Test
  void namesADirectoryGivenAsTheFile() {
    assertThat(mistakeOf("--file", dir.toString(), "--device", "d-1")).endsWith("is a directory, not a CSV file");
  }

  @Test
  void namesABadDeviceIdByItsFlag() throws IOException {
    Path csv = Files.writeString(dir.resolve("a.csv"), "timestamp,value\n");
    assertThat(mistakeOf("--file", csv.toString(), "--device", "bad id")).startsWith("--device 'bad id'");
  }

  @Test
  void namesAnEmptyInFlightWindowByItsFlag() throws IOException {
    Path csv = Files.writeString(dir.resolve("a.csv"), "timestamp,value\n");
    assertThat(mistakeOf("--file", csv.toString(), "--device", "d-1", "--in-flight", "0"))
        .isEqualTo("--in-flight 0: must be 1 or more");
    assertThat(mistakeOf("--file", csv.toString(), "--device", "d-1")).isNull();
  }
}
