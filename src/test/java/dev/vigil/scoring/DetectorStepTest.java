package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.DeviceDetector;
import dev.vigil.scoring.detect.StreamingRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-reading sequence the lane and the evaluations share. */
class DetectorStepTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final DetectorSettings SETTINGS = DetectorSettings.of(120, 0.95);

  @Test
  void installsTheTrainedModelBeforeTheNextReadingIsScored() {
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), SETTINGS);
    List<Integer> assigned = new ArrayList<>();
    Random random = new Random(7);
    int firstTrainedAt = -1;
    for (int i = 0; i < 400; i++) {
      Reading reading = new Reading("d", T0.plusSeconds(60L * i), i, Map.of("v", 10 + random.nextGaussian()), T0);
      DetectorStep.next(detector, reading, (job, model) -> {
        assigned.add(assigned.size() + 1);
        return assigned.size();
      });
      if (firstTrainedAt < 0 && !assigned.isEmpty()) {
        firstTrainedAt = i;
      }
    }
    assertThat(firstTrainedAt).isNotNegative();
    Reading next = new Reading("d", T0.plusSeconds(60L * 400), 400, Map.of("v", 10.0), T0);
    assertThat(DetectorStep.next(detector, next, (job, model) -> 99).scored().modelVersion()).isEqualTo(1);
  }

  @Test
  void givesTheSameVerdictsAsTheEvaluationsStreamingRun() {
    StreamingRun evaluation = new StreamingRun("d", "v", SETTINGS);
    DeviceDetector detector = new DeviceDetector("d|v", List.of("v"), SETTINGS);
    int[] version = {0};
    Random random = new Random(11);
    for (int i = 0; i < 3000; i++) {
      double value = 50 + 10 * Math.sin(i / 40.0) + random.nextGaussian() + (i > 2500 ? 30 : 0);
      Instant ts = T0.plusSeconds(300L * i);
      ScoredReading expected = evaluation.next(ts, value);
      ScoredReading live = DetectorStep.next(detector, new Reading("d", ts, 0, Map.of("v", value), ts),
          (job, model) -> ++version[0]).scored();
      assertThat(live.score()).as("row %d", i).isEqualTo(expected.score());
      assertThat(live.anomalous()).as("row %d", i).isEqualTo(expected.anomalous());
      assertThat(live.modelVersion()).as("row %d", i).isEqualTo(expected.modelVersion());
    }
  }
}
