package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SvmModelTest {

  @Test
  void scoresEveryPointExactlyAsLibsvmDoes() {
    Random random = new Random(5);
    for (int width : new int[] {1, 3, 7, 30, 52}) {
      double[][] rows = new double[300][width];
      for (double[] row : rows) {
        for (int f = 0; f < width; f++) {
          // Some features often exactly 0, as a switch or an idle current is: libsvm may leave such nodes out.
          row[f] = f % 4 == 3 && random.nextBoolean() ? 0.0 : 230 + f + random.nextGaussian() * (1 + f % 5);
        }
      }
      SvmModel model = OneClassSvmTrainer.train(rows, "svm-model-test-" + width);
      for (int k = 0; k < 2_000; k++) {
        double[] point = rows[random.nextInt(rows.length)].clone();
        for (int f = 0; f < width; f++) {
          point[f] += random.nextGaussian() * (k % 10 == 0 ? 50 : 2);
          if (k % 7 == 0 && f % 2 == 0) {
            point[f] = 0.0;
          }
        }
        assertThat(Double.doubleToRawLongBits(model.decision(point))).as("width %d point %d", width, k)
            .isEqualTo(Double.doubleToRawLongBits(model.libsvmDecision(point)));
      }
    }
  }
}
