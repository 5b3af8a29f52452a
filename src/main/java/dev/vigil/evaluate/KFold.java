package dev.vigil.evaluate;

import java.util.function.IntPredicate;

/**
 * The k-fold split by file every corpus is cross-validated with: files in their fixed (sorted) order,
 * file {@code i} in fold {@code i mod k}. Constants are chosen on the other folds' files and measured
 * on the fold's own, so the figure reported first never saw the files it is measured on.
 */
public final class KFold {

  public static final int FOLDS = 5;

  private final int folds;

  public KFold(int folds) {
    if (folds < 2) {
      throw new IllegalArgumentException("need at least 2 folds, was " + folds);
    }
    this.folds = folds;
  }

  public int folds() {
    return folds;
  }

  /** The fold file {@code index} is held out in. */
  public int foldOf(int index) {
    return index % folds;
  }

  /** Files trained on when {@code fold} is held out. */
  public IntPredicate training(int fold) {
    return i -> foldOf(i) != fold;
  }

  /** Files measured when {@code fold} is held out. */
  public IntPredicate heldOut(int fold) {
    return i -> foldOf(i) == fold;
  }
}
