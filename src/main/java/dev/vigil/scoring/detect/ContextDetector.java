package dev.vigil.scoring.detect;

/**
 * Context novelty of one metric (docs/detection.md): each value is put on one of {@link #LEVELS} levels
 * of the metric's range, the level's bits become facts, and a {@link ContextLearner} learns which
 * transitions between them recur. A reading is reported as novel only after a calm stretch (no step
 * of the last {@code calmReadings} scored {@link #CALM_BELOW} or more): an unfamiliar pattern is news
 * once, then it is being learned.
 *
 * <p>Live, the range is not known in advance: the first {@code rangeReadings} values only set it, and
 * from then on a value outside it widens it to that value (levels are re-read from the wider range, so
 * a new extreme lands on the top or bottom level, itself unfamiliar). Deterministic. Not thread-safe.
 */
final class ContextDetector {

  static final int BITS = 3;
  static final int LEVELS = 1 << BITS;
  static final double CALM_BELOW = 0.75;
  private static final int MAX_LEFT_FACTS = 7;
  private static final int MAX_ACTIVE = 15;

  private final int rangeReadings;
  private final int calmReadings;
  private final ContextLearner learner = new ContextLearner(MAX_LEFT_FACTS, MAX_ACTIVE);
  private final int[] facts = new int[BITS];
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long seen;
  /** The last reading that scored CALM_BELOW or more; learning starts as such a reading. */
  private long loudAt;

  ContextDetector(int rangeReadings, int calmReadings) {
    this.rangeReadings = rangeReadings;
    this.calmReadings = calmReadings;
    this.loudAt = rangeReadings; // nothing is reported until the learner has had a calm stretch
  }

  /** Learns {@code value}; returns its novelty in [0,1] when reported, else 0. */
  double score(double value) {
    seen++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (seen <= rangeReadings || !Double.isFinite(value)) {
      return 0;
    }
    double novelty = learner.step(facts(level(value)));
    boolean calm = seen - loudAt > calmReadings;
    if (novelty >= CALM_BELOW) {
      loudAt = seen;
    }
    return calm ? novelty : 0;
  }

  /** Contexts learned so far (memory grows with them, up to {@link ContextLearner#MAX_CONTEXTS}). */
  int contexts() {
    return learner.contexts();
  }

  /** The value's level in [0, LEVELS - 1] on the range seen so far (the lowest when the range is empty). */
  int level(double value) {
    double width = max - min;
    if (!(width > 0)) {
      return 0;
    }
    int level = (int) ((value - min) / width * (LEVELS - 1));
    return Math.max(0, Math.min(LEVELS - 1, level));
  }

  /** One fact per bit of the level: 2 * bit + its value, sorted. */
  private int[] facts(int level) {
    for (int b = 0; b < BITS; b++) {
      facts[b] = 2 * b + ((level >> b) & 1);
    }
    return facts.clone();
  }
}
