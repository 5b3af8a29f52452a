package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.DeadLetter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterSamplerTest {

  private final DeadLetterSampler sampler = new DeadLetterSampler(3, 2, 60_000);

  @Test
  void keepsTheFirstLettersOfEachDeviceAndReasonInFullThenSummarises() {
    for (int i = 0; i < 3; i++) {
      assertThat(sampler.summariseAs(letter("a", "not_json"), 1_000)).isNull();
    }
    assertThat(sampler.summariseAs(letter("a", "not_json"), 1_000))
        .isEqualTo(new DeadLetterSampler.SummaryKey("a", "not_json", 0));
    assertThat(sampler.summariseAs(letter("a", "too_large"), 1_000)).as("another reason").isNull();
  }

  @Test
  void startsAFreshBudgetEachWindow() {
    for (int i = 0; i < 4; i++) {
      sampler.summariseAs(letter("a", "not_json"), 1_000);
    }
    assertThat(sampler.summariseAs(letter("a", "not_json"), 61_000)).isNull();
  }

  @Test
  void summarisesDevicesBeyondTheTrackingBoundUnderAnyDevice() {
    sampler.summariseAs(letter("a", "not_json"), 1_000);
    sampler.summariseAs(letter("b", "not_json"), 1_000);
    assertThat(sampler.summariseAs(letter("c", "not_json"), 1_000))
        .isEqualTo(new DeadLetterSampler.SummaryKey(DeadLetterSampler.ANY_DEVICE, "not_json", 0));
  }

  private static DeadLetter letter(String device, String reason) {
    return new DeadLetter(Instant.EPOCH, "devices/" + device + "/telemetry", device, reason, "detail", "x");
  }
}
