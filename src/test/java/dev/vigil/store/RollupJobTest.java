package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollupJobTest {

  @Test
  void rollsUpAMinuteOnlyOnceItHasEndedAndItsLastReadingsHadTimeToBeStored() {
    assertThat(RollupJob.settled(Instant.parse("2026-11-30T10:00:04Z"))).isEqualTo(Instant.parse("2026-11-30T09:59:00Z"));
    assertThat(RollupJob.settled(Instant.parse("2026-11-30T10:00:05Z"))).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(RollupJob.settled(Instant.parse("2026-11-30T10:00:59.999Z"))).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
  }
}
