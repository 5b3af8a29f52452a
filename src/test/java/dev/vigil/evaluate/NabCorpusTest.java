package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

  @Test
  void resolvesLabelledWindowsToInclusiveRowRanges(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("data/realDemo"));
    Files.createDirectories(root.resolve("labels"));
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 10; i++) {
      csv.append(String.format("2014-01-01 00:%02d:00,%d%n", i * 5, i));
    }
    Files.writeString(root.resolve("data/realDemo/demo.csv"), csv);
    Files.writeString(root.resolve("labels/combined_windows.json"),
        "{\"realDemo/demo.csv\": [[\"2014-01-01 00:10:00.000000\", \"2014-01-01 00:22:30.000000\"]]}");

    NabFile file = NabCorpus.load(root).get(0);

    assertThat(file.category()).isEqualTo("realDemo");
    assertThat(file.rows()).isEqualTo(10);
    assertThat(file.windows()).containsExactly(new NabScorer.Window(2, 4));
    assertThat(file.labelled(4)).isTrue();
    assertThat(file.labelled(5)).isFalse();
  }
}
