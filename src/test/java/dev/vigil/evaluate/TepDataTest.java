package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TepDataTest {

  @TempDir
  Path root;

  /** d00.dat as the corpus stores it: one line per variable, one column per sample; value = 1000 * var + sample. */
  private void writeTransposedTraining() throws IOException {
    Files.createDirectories(root.resolve("data"));
    StringBuilder text = new StringBuilder();
    for (int v = 0; v < TepData.VARIABLES; v++) {
      StringJoiner line = new StringJoiner("   ", "  ", "\n");
      for (int s = 0; s < TepData.TRAINING; s++) {
        line.add(String.format("%.7e", 1000.0 * v + s));
      }
      text.append(line);
    }
    Files.writeString(root.resolve("data/d00.dat"), text);
  }

  private void writeTest(int fault, int rows) throws IOException {
    Files.createDirectories(root.resolve("data"));
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < rows; s++) {
      StringJoiner line = new StringJoiner(" ", "", "\n");
      for (int v = 0; v < TepData.VARIABLES; v++) {
        line.add(Double.toString(s + v / 100.0));
      }
      text.append(line);
    }
    Files.writeString(root.resolve(String.format("data/d%02d_te.dat", fault)), text);
  }

  @Test
  void readsTheTransposedTrainingFileAsOneRowPerSample() throws IOException {
    writeTransposedTraining();
    double[][] training = TepData.training(root);
    assertThat(training).hasNumberOfRows(TepData.TRAINING);
    assertThat(training[0]).hasSize(TepData.VARIABLES);
    assertThat(training[7][3]).isEqualTo(3007.0);
    assertThat(training[499][51]).isEqualTo(51499.0);
  }

  @Test
  void readsATestFileAsOneRowPerSample() throws IOException {
    writeTest(4, TepData.TEST);
    double[][] test = TepData.test(root, 4);
    assertThat(test).hasNumberOfRows(TepData.TEST);
    assertThat(test[959][2]).isEqualTo(959.02);
  }

  @Test
  void saysWhichFileIsMissingOrMisshapen() throws IOException {
    assertThatThrownBy(() -> TepData.test(root, 5)).isInstanceOf(IOException.class).hasMessageContaining("d05_te.dat");
    writeTest(6, 100);
    assertThatThrownBy(() -> TepData.test(root, 6)).hasMessageContaining("expected 960 x 52");
  }

  @Test
  void namesTheFortyOneMeasurementsThenTheElevenManipulatedVariables() {
    assertThat(TepData.metricNames()).hasSize(52).startsWith("XMEAS1").endsWith("XMV11").contains("XMEAS41");
  }
}
