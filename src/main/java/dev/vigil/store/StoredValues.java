package dev.vigil.store;

import io.vertx.core.json.JsonObject;

/** Turns the stored arrays of a reading back into the JSON the API has always returned. */
final class StoredValues {

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

  private static double decimal(float value) {
    return Double.parseDouble(Float.toString(value));
  }
}
