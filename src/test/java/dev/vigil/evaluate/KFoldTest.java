package dev.vigil.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KFoldTest {

  @Test
  void holdsEveryFileOutInExactlyOneFoldAndTrainsOnTheRest() {
    KFold folds = new KFold(5);
    for (int file = 0; file < 58; file++) {
      int f = file;
      long heldIn = IntStream.range(0, 5).filter(fold -> folds.heldOut(fold).test(f)).count();
      long trainedIn = IntStream.range(0, 5).filter(fold -> folds.training(fold).test(f)).count();
      assertThat(heldIn).isEqualTo(1);
      assertThat(trainedIn).isEqualTo(4);
    }
  }

  @Test
  void makesFoldsOfNearlyEqualSize() {
    KFold folds = new KFold(5);
    for (int fold = 0; fold < 5; fold++) {
      int k = fold;
      assertThat(IntStream.range(0, 22).filter(i -> folds.heldOut(k).test(i)).count()).isBetween(4L, 5L);
    }
  }

  @Test
  void refusesFewerThanTwoFolds() {
    assertThatThrownBy(() -> new KFold(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
