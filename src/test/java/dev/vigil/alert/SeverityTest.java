package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeverityTest {

  @Test
  void fromScoreNeverDecreasesAsTheScoreGrows() {
    Severity previous = Severity.fromScore(0.0);
    for (int i = 1; i <= 10_000; i++) {
      Severity current = Severity.fromScore(i / 10_000.0);
      assertThat(current).isGreaterThanOrEqualTo(previous);
      previous = current;
    }
    assertThat(previous).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void fromScoreMapsTheDocumentedBounds() {
    assertThat(Severity.fromScore(0.5)).isEqualTo(Severity.LOW);
    assertThat(Severity.fromScore(0.95)).isEqualTo(Severity.MEDIUM);
    assertThat(Severity.fromScore(0.985)).isEqualTo(Severity.HIGH);
    assertThat(Severity.fromScore(0.995)).isEqualTo(Severity.CRITICAL);
    assertThat(Severity.fromScore(1.0)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void parsesWireNamesAndRejectsOthers() {
    assertThat(Severity.parse("high")).contains(Severity.HIGH);
    assertThat(Severity.parse("urgent")).isEmpty();
    assertThat(Severity.HIGH.wire()).isEqualTo("high");
    assertThat(Severity.max(Severity.LOW, Severity.HIGH)).isEqualTo(Severity.HIGH);
  }
}
