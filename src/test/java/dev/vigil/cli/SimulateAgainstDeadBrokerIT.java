package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testsupport.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil simulate} pointed at a port where no broker listens: one line that names the option to
 * check and a non-zero exit, not a stack trace per connection attempt and "connected 0" with exit 0.
 */
class SimulateAgainstDeadBrokerIT {

  @Test
  void saysInOneLineThatNoDeviceCouldConnectNamesTheOptionAndExitsNonZero() {
    String deadBroker = "mqtt://127.0.0.1:" + TestInfra.freePort();
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.run("simulate", "--mqtt-url", deadBroker, "--devices", "5", "--duration", "10m");
    } finally {
      System.setErr(original);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(1);
    assertThat(message).contains("no device could connect to " + deadBroker + " within 15 s")
        .contains("--mqtt-url").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(message.lines().count()).as(message).isLessThan(5);
  }

  @Test
  void picksDeviceIdsOfItsOwnUnlessAskedForBareOnes() {
    assertThat(SimulateCommand.randomPrefix()).matches("s[0-9a-f]{3}-");
  }
}
