package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowRingTest {

  @Test
  void holdsArraysOnlyForTheRowsItWasGiven() {
    RowRing ring = new RowRing(480, 30);

    ring.add(new double[30]);
    ring.add(new double[30]);

    assertThat(ring.kept()).isEqualTo(2);
    assertThat(ring.allocated()).isEqualTo(2);
  }

  @Test
  void keepsTheLastRowsOldestFirstOnceFull() {
    RowRing ring = new RowRing(3, 1);
    for (int i = 1; i <= 5; i++) {
      ring.add(new double[] {i});
    }

    assertThat(ring.full()).isTrue();
    assertThat(ring.oldestFirst()).isDeepEqualTo(new double[][] {{3}, {4}, {5}});
    assertThat(ring.allocated()).isEqualTo(3);
  }

  @Test
  void takesAnotherFullRingsRowsAsItsOwn() {
    RowRing full = new RowRing(2, 1);
    full.add(new double[] {7});
    full.add(new double[] {8});
    RowRing empty = new RowRing(2, 1);

    empty.replaceWith(full);
    empty.add(new double[] {9});

    assertThat(empty.oldestFirst()).isDeepEqualTo(new double[][] {{8}, {9}});
  }
}
