package dev.vigil.store;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import java.util.List;

/**
 * The metric values and expected bands of a batch as two flat arrays (one statement parameter each):
 * each reading's values in the order of its metric names, then its band as low/high pairs. The SQL
 * slices each reading's share out by its start position, so nothing is encoded as text.
 */
final class ValueColumns {

  private final Double[] values;
  private final Float[] band;
  private int valuesUsed;
  private int bandUsed;

  ValueColumns(List<ScoredReading> batch) {
    int count = 0;
    for (ScoredReading scored : batch) {
      count += scored.reading().metrics().size();
    }
    values = new Double[count];
    band = new Float[2 * count];
  }

  /** Appends the reading's values; returns where they start (1-based, as SQL arrays count). */
  int addValues(Reading reading, List<String> names) {
    int from = valuesUsed + 1;
    for (String name : names) {
      values[valuesUsed++] = reading.metrics().get(name);
    }
    return from;
  }

  /**
   * Appends the band of every metric, or nothing for a reading scored while warming up (returns 0 then,
   * the row's band is NULL). A metric the detector gave no range for gets NULL ends.
   */
  int addBand(ScoredReading scored, List<String> names) {
    if (scored.expected().isEmpty()) {
      return 0;
    }
    int from = bandUsed + 1;
    for (String name : names) {
      ScoredReading.Range range = scored.expected().get(name);
      band[bandUsed++] = range == null ? null : (float) range.low();
      band[bandUsed++] = range == null ? null : (float) range.high();
    }
    return from;
  }

  Double[] values() {
    return values;
  }

  /** The band pairs written so far (a warming-up reading takes no room). */
  Float[] band() {
    return java.util.Arrays.copyOf(band, bandUsed);
  }
}
