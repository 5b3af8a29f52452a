package dev.vigil.store;

import dev.vigil.scoring.ScoredReading;
import io.vertx.core.json.JsonObject;

/** Turns the stored arrays of a reading back into the JSON the API has always returned. */
public final class StoredValues {

  private StoredValues() {
  }

  /** {@code {name: value}}; values are stored as float8, so they come back exactly as they arrived. */
  static JsonObject metrics(String[] names, Double[] values) {
    JsonObject out = new JsonObject();
    for (int i = 0; i < names.length; i++) {
      out.put(names[i], values[i]);
    }
    return out;
  }

  /**
   * {@code {name: {low, high}}} for each metric with a band, {@code {}} when the reading has none. The band is
   * stored as float4: its shortest decimal form (470.2, not 470.20001220703125) is what comes back.
   */
  static JsonObject expected(String[] names, Float[] band) {
    JsonObject out = new JsonObject();
    if (band == null) {
      return out;
    }
    for (int i = 0; i < names.length; i++) {
      Float low = band[2 * i];
      Float high = band[2 * i + 1];
      if (low != null && high != null) {
        out.put(names[i], new JsonObject().put("low", decimal(low)).put("high", decimal(high)));
      }
    }
    return out;
  }

  /**
   * The expected band of a reading as the readings API will return it once stored (float4 precision), so
   * that a live frame and a later read of the same reading show the same band.
   */
  public static JsonObject expectedAsStored(ScoredReading scored) {
    JsonObject out = new JsonObject();
    scored.expected().forEach((metric, range) -> out.put(metric, new JsonObject()
        .put("low", decimal((float) range.low())).put("high", decimal((float) range.high()))));
    return out;
  }

  /**
   * A bucket's average band at the precision its readings' bands were stored in (float4), in shortest decimal
   * form: a band that stayed at 470.2 over the bucket reads 470.2, like each of its readings; null stays null.
   */
  static Double bandAverage(Double average) {
    return average == null ? null : decimal(average.floatValue());
  }

  private static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }
}
