package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.StreamingRun;
import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-reading sequence the lane and the evaluations share. */
class DetectorStepTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final DetectorSettings SETTINGS = DetectorSettings.of(120, 0.95);
  /** Vigil's settings but a scheduled retrain every 200 readings. */
  private static final DetectorSettings OFTEN = new DetectorSettings(120, 0.95, DetectorSettings.TRAINING_ROWS, 200,
      DetectorSettings.SHORT_WINDOW, DetectorSettings.LONG_WINDOW, DetectorSettings.FULL_SURPRISE,
      DetectorSettings.QUIET_AFTER);
  private final Random random = new Random(7);
  private int seq;
  private int versions;

  private DetectorStep.Outcome next(DeviceDetector detector, DetectorStep.Trainer trainer) {
    int i = seq++;
    Reading reading = new Reading("d", T0.plusSeconds(60L * i), i, Map.of("v", 10 + random.nextGaussian()), T0);
    return DetectorStep.next(detector, reading, trainer, (job, model) -> ++versions);
  }

  /**
   * Feeds readings until the detector has its first model and then hands out a scheduled retrain's job; returns
   * the fit the trainer was given for it.
   */
  private CompletableFuture<SvmModel> untilARetrainStarts(DeviceDetector detector, CompletableFuture<SvmModel> fit) {
    while (detector.modelVersion() == 0) {
      next(detector, DetectorStep.Trainer.IN_PLACE);
    }
    AtomicReference<TrainingJob> asked = new AtomicReference<>();
    while (asked.get() == null) {
      next(detector, job -> {
        asked.set(job);
        return fit;
      });
    }
    return fit;
  }

  @Test
  void installsTheFirstModelBeforeTheNextReadingIsScored() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), SETTINGS);
    List<TrainingJob> asked = new ArrayList<>();
    while (asked.isEmpty()) {
      assertThat(detector.modelVersion()).isZero();
      next(detector, job -> {
        asked.add(job);
        return DetectorStep.Trainer.IN_PLACE.fit(job);
      });
    }
    assertThat(detector.modelVersion()).as("installed in the step that asked").isEqualTo(1);
  }

  @Test
  void installsARetrainDriftAskedForBeforeTheNextReadingIsScored() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), SETTINGS);
    while (detector.modelVersion() == 0) {
      next(detector, DetectorStep.Trainer.IN_PLACE);
    }
    detector.requestRetrain();
    next(detector, DetectorStep.Trainer.IN_PLACE);
    assertThat(detector.modelVersion()).isEqualTo(2);
  }

  @Test
  void installsAScheduledRetrainAFixedNumberOfReadingsAfterTheDetectorAskedForIt() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), OFTEN);
    untilARetrainStarts(detector, CompletableFuture.completedFuture(trainedJob().train()));
    for (int i = 1; i <= DeviceDetector.INSTALL_AFTER; i++) {
      assertThat(next(detector, DetectorStep.Trainer.IN_PLACE).scored().modelVersion()).as("reading %d after", i)
          .isEqualTo(1);
    }
    assertThat(next(detector, DetectorStep.Trainer.IN_PLACE).scored().modelVersion()).isEqualTo(2);
  }

  @Test
  void goesOnScoringWhileARetrainIsFittedAndWaitsForTheFitOnlyWhenTheModelIsDue() throws Exception {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), OFTEN);
    CompletableFuture<SvmModel> fit = untilARetrainStarts(detector, new CompletableFuture<>());
    for (int i = 1; i < DeviceDetector.INSTALL_AFTER; i++) {
      next(detector, DetectorStep.Trainer.IN_PLACE); // returns although the fit has not ended
    }
    AtomicReference<DetectorStep.Outcome> due = new AtomicReference<>();
    Thread lane = new Thread(() -> due.set(next(detector, DetectorStep.Trainer.IN_PLACE)));
    lane.start();
    while (lane.getState() != Thread.State.WAITING) {
      assertThat(lane.isAlive()).as("the due reading waited for the fit").isTrue();
      Thread.onSpinWait();
    }
    fit.complete(trainedJob().train());
    lane.join();
    assertThat(due.get().scored().modelVersion()).as("scored before the install").isEqualTo(1);
    assertThat(next(detector, DetectorStep.Trainer.IN_PLACE).scored().modelVersion()).isEqualTo(2);
  }

  @Test
  void aRetrainThatFailsLeavesTheModelInPlaceAndTheDetectorAsksAgainAtItsNextRetrain() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), OFTEN);
    untilARetrainStarts(detector, CompletableFuture.failedFuture(new IllegalStateException("libsvm said no")));
    List<TrainingJob> askedAgain = new ArrayList<>();
    for (int i = 0; i < 2 * OFTEN.retrainEvery() && askedAgain.isEmpty(); i++) {
      next(detector, job -> {
        askedAgain.add(job);
        return new CompletableFuture<>();
      });
      assertThat(detector.modelVersion()).isEqualTo(1);
    }
    assertThat(askedAgain).hasSize(1);
  }

  @Test
  void aTrainerThatRefusesTheJobFailsThatFitOnlyAndTheDetectorAsksAgain() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), SETTINGS);
    List<TrainingJob> asked = new ArrayList<>();
    DetectorStep.Trainer refusing = job -> {
      asked.add(job);
      throw new RejectedExecutionException("pool shut down");
    };
    while (asked.isEmpty()) {
      next(detector, refusing);
    }
    assertThat(detector.modelVersion()).isZero();
    next(detector, DetectorStep.Trainer.IN_PLACE); // asks again, and this fit is installed
    assertThat(detector.modelVersion()).isEqualTo(1);
  }

  @Test
  void givesTheSameVerdictsAsTheEvaluationsStreamingRunWhereverTheModelsAreFitted() {
    StreamingRun evaluation = new StreamingRun("d", List.of("v"), OFTEN);
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), OFTEN);
    try (LaneTrainer elsewhere = new LaneTrainer(0)) {
      int[] version = {0};
      Random series = new Random(11);
      for (int i = 0; i < 5000; i++) {
        double value = 50 + 10 * Math.sin(i / 40.0) + series.nextGaussian() + (i > 4500 ? 30 : 0);
        Instant ts = T0.plusSeconds(300L * i);
        ScoredReading expected = evaluation.next(ts, value);
        ScoredReading live = DetectorStep.next(detector, new Reading("d", ts, 0, Map.of("v", value), ts), elsewhere,
            (job, model) -> ++version[0]).scored();
        assertThat(live.score()).as("row %d", i).isEqualTo(expected.score());
        assertThat(live.anomalous()).as("row %d", i).isEqualTo(expected.anomalous());
        assertThat(live.modelVersion()).as("row %d", i).isEqualTo(expected.modelVersion());
      }
      assertThat(version[0]).as("models installed").isGreaterThan(20);
    }
  }

  /** A job of another detector's normal readings, to give a fit something real to return. */
  private static TrainingJob trainedJob() {
    DeviceDetector other = new DeviceDetector("o|v", List.of("v"), SETTINGS);
    Random r = new Random(3);
    for (int i = 0; ; i++) {
      Reading reading = new Reading("o", T0.plusSeconds(60L * i), i, Map.of("v", 5 + r.nextGaussian()), T0);
      other.score(reading);
      var job = other.trainingDue();
      if (job.isPresent()) {
        return job.get();
      }
    }
  }
}
