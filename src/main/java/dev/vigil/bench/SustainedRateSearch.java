package dev.vigil.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The highest rate a contender keeps up with, found by offering paced rates. A flat-out phase is not that
 * limit: publishers that only wait for the broker's acknowledgement can outrun the subscriber, and then a
 * broker queues (Mosquitto slows down as its queue grows, and drops past {@code max_queued_messages}) and
 * Vigil falls behind; both deliver less than they would at a rate they sustain.
 *
 * <p>A rate is sustained when, paced at it, the contender delivers at least {@value #KEEP_UP} of it inside the
 * window, loses nothing the broker acknowledged, and the readings sent in the window have a p99 latency of at
 * most {@value #MAX_P99_MS} ms (a queue that grows shows there first). The search starts at the flat-out
 * median, steps up by {@value #STEP_UP} while sustained or down by {@value #STEP_DOWN} while not, then halves
 * the gap (geometrically) until the two bounds are within {@value #CLOSE_ENOUGH} of each other or the steps
 * run out.
 */
final class SustainedRateSearch {

  static final double KEEP_UP = 0.97;
  static final double MAX_P99_MS = 1000;
  static final double STEP_UP = 1.25;
  static final double STEP_DOWN = 0.8;
  static final double CLOSE_ENOUGH = 1.05;

  /** What one step offered, what it delivered, and the verdict. */
  record Step(double rate, PhaseResult result, boolean sustained) {
  }

  private final List<Step> steps = new ArrayList<>();
  private final int maxSteps;
  private double nextRate;

  /** A search whose first step offers {@code start} (the flat-out median); none when it is not a positive rate. */
  SustainedRateSearch(double start, int maxSteps) {
    this.maxSteps = maxSteps;
    this.nextRate = start > 0 && Double.isFinite(start) ? start : Double.NaN;
  }

  static boolean sustains(double rate, PhaseResult result) {
    return result.throughput() >= KEEP_UP * rate && result.notArrived() == 0
        && result.percentileMs(99) <= MAX_P99_MS;
  }

  /** The rate the next step offers; NaN once the search is over. */
  double nextRate() {
    return steps.size() < maxSteps ? nextRate : Double.NaN;
  }

  /** Records what a step at {@link #nextRate()} delivered, and returns it with its verdict. */
  Step record(PhaseResult result) {
    Step step = new Step(nextRate, result, sustains(nextRate, result));
    steps.add(step);
    nextRate = next();
    return step;
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The highest rate sustained; NaN when none was. */
  double highestSustained() {
    return steps.stream().filter(Step::sustained).mapToDouble(Step::rate).max().orElse(Double.NaN);
  }

  /** Up while every step was sustained, down while none was, else between the bounds; NaN when they are close. */
  private double next() {
    double sustained = highestSustained();
    double failed = steps.stream().filter(s -> !s.sustained()).mapToDouble(Step::rate).min().orElse(Double.NaN);
    if (Double.isNaN(failed)) {
      return sustained * STEP_UP;
    }
    if (Double.isNaN(sustained)) {
      return failed * STEP_DOWN;
    }
    return failed / sustained <= CLOSE_ENOUGH ? Double.NaN : Math.sqrt(failed * sustained);
  }
}
