package dev.vigil.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml passes Redocly's recommended lint rules with no error (warnings are printed, not
 * fatal). Redocly CLI comes from the npm registry through {@code npx}, pinned, so that every run lints
 * with the same rules; without Node.js the test is skipped with the reason.
 */
class OpenApiLintIT {

  static final String REDOCLY = "@redocly/cli@2.77.0";

  @Test
  void openApiDescriptionHasNoLintError() throws Exception {
    assumeTrue(onPath("npx"), "needs npx (Node.js) to run " + REDOCLY);
    Process lint = new ProcessBuilder(List.of("npx", "--yes", REDOCLY, "lint", "--format=stylish",
        Path.of("docs", "openapi.yaml").toString()))
        .redirectErrorStream(true)
        .start();
    String output;
    try (var out = lint.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.println(output);
    assertThat(lint.exitValue()).as("redocly lint exit code; its report:%n%s", output).isZero();
    assertThat(output).contains("Your API description is valid");
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
    return which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0;
  }
}
