package dev.vigil.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's reliability promises are the ones docs/reliability.md measures, word for word. */
class ReadmePromisesTest {

  private static final String START = "<!-- promises:start -->";
  private static final String END = "<!-- promises:end -->";

  @Test
  void readmePromisesAreTheMeasuredOnesWordForWord() throws IOException {
    String readme = promises(Path.of("README.md"));
    String measured = promises(Path.of("docs/reliability.md"));

    assertThat(readme).as("README's promises").isNotBlank().isEqualTo(measured);
  }

  private static String promises(Path file) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as(file + " has the promises block").isGreaterThanOrEqualTo(0);
    assertThat(end).as(file + " closes the promises block").isGreaterThan(start);
    return text.substring(start + START.length(), end).strip();
  }
}
