package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Rejection.Reason;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectionLogTest {

  private final AtomicLong clock = new AtomicLong();
  private final RejectionLog log = new RejectionLog(clock::get);

  @Test
  void logsTheFirstRefusalOfADeviceAndReasonAtOnce() {
    assertThat(log.refused("esp-1", Reason.NOT_A_NUMBER)).isEqualTo(new RejectionLog.Line("esp-1", Reason.NOT_A_NUMBER, 0));
  }

  @Test
  void staysQuietForTheSamePairWithinAMinuteThenSaysHowManyItSkipped() {
    log.refused("esp-1", Reason.NOT_A_NUMBER);
    for (int i = 0; i < 59; i++) {
      clock.addAndGet(1_000_000_000L);
      assertThat(log.refused("esp-1", Reason.NOT_A_NUMBER)).isNull();
    }
    clock.addAndGet(1_000_000_000L);
    assertThat(log.refused("esp-1", Reason.NOT_A_NUMBER).suppressed()).isEqualTo(59);
  }

  @Test
  void anotherDeviceOrReasonGetsItsOwnLine() {
    log.refused("esp-1", Reason.NOT_A_NUMBER);
    assertThat(log.refused("esp-2", Reason.NOT_A_NUMBER)).isNotNull();
    assertThat(log.refused("esp-1", Reason.NOT_JSON)).isNotNull();
  }

  @Test
  void remembersABoundedNumberOfPairs() {
    for (int i = 0; i <= RejectionLog.MAX_PAIRS; i++) {
      log.refused("dev-" + i, Reason.NOT_JSON);
    }
    assertThat(log.refused("dev-0", Reason.NOT_JSON)).as("the oldest pair was forgotten").isNotNull();
    assertThat(log.refused("dev-" + RejectionLog.MAX_PAIRS, Reason.NOT_JSON)).isNull();
  }

  @Test
  void everyReasonHasWordsAndIsFoundByItsCode() {
    for (Reason r : Reason.values()) {
      assertThat(r.words()).isNotBlank();
      assertThat(Reason.ofCode(r.code())).contains(r);
    }
    assertThat(Reason.ofCode("nonsense")).isEmpty();
  }
}
