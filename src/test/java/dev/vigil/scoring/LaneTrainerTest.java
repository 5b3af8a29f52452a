package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class LaneTrainerTest {

  @Test
  void fitsTheSameModelOnItsThreadAsTheEvaluationFitsInPlace() {
    TrainingJob job = job("d|v");
    SvmModel elsewhere;
    try (LaneTrainer trainer = new LaneTrainer(3)) {
      elsewhere = trainer.fit(job).join();
    }
    SvmModel inPlace = DetectorStep.Trainer.IN_PLACE.fit(job).join();
    Random r = new Random(9);
    for (int i = 0; i < 100; i++) {
      double[] point = {3 * r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      assertThat(elsewhere.outlierness(point)).isEqualTo(inPlace.outlierness(point));
    }
  }

  @Test
  void finishesTheFitsQueuedBeforeItClosedSoNoLaneWaitsForever() {
    CompletableFuture<SvmModel> queued;
    LaneTrainer trainer = new LaneTrainer(0);
    CompletableFuture<SvmModel> first = trainer.fit(job("a|v"));
    queued = trainer.fit(job("b|v"));
    trainer.close();
    assertThat(first.join().supportVectors()).isPositive();
    assertThat(queued.join().supportVectors()).isPositive();
    assertThatThrownBy(() -> trainer.fit(job("c|v"))).isInstanceOf(RejectedExecutionException.class);
  }

  /** A job of 200 rows of one metric's features. */
  private static TrainingJob job(String key) {
    Random r = new Random(5);
    double[][] features = new double[200][5];
    double[][] values = new double[200][1];
    for (int i = 0; i < features.length; i++) {
      for (int f = 0; f < 5; f++) {
        features[i][f] = r.nextGaussian();
      }
      values[i][0] = r.nextGaussian();
    }
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    return new TrainingJob(key, new String[] {"v"}, features, values, t, t.plusSeconds(200));
  }
}
