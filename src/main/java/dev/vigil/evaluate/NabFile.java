package dev.vigil.evaluate;

import java.time.Instant;
import java.util.List;

/**
 * One NAB series with its labelled windows resolved to rows.
 *
 * @param name     path relative to data/, e.g. realKnownCause/nyc_taxi.csv
 * @param category the first path segment, e.g. realKnownCause
 */
public record NabFile(String name, String category, Instant[] timestamps, String[] rawTimestamps, double[] values,
    List<NabScorer.Window> windows) {

  public int rows() {
    return values.length;
  }

  /** Whether row {@code i} lies in a labelled window. */
  public boolean labelled(int i) {
    for (NabScorer.Window w : windows) {
      if (i >= w.left() && i <= w.right()) {
        return true;
      }
    }
    return false;
  }
}
