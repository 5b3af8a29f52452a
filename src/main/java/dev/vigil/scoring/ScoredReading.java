package dev.vigil.scoring;

import dev.vigil.ingest.Reading;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reading with the verdict of its device's detector.
 *
 * @param reading     the reading
 * @param score       calibrated anomaly score in [0, 1]; 0 while the detector warms up
 * @param anomalous   whether the score crossed the live anomaly threshold
 * @param warmingUp   true while the device's detector has not yet seen enough readings to judge
 * @param modelVersion the version of the model that scored it, 0 while warming up
 * @param explanation per-metric contributions, strongest first; empty when not anomalous
 * @param expected    per metric, the range the detector expected this reading in (the dashboard's band);
 *                    empty while warming up. The same range an anomaly's explanation quotes.
 */
public record ScoredReading(Reading reading, double score, boolean anomalous, boolean warmingUp, int modelVersion,
    List<Contribution> explanation, Map<String, Range> expected) {

  public ScoredReading {
    Objects.requireNonNull(reading, "reading");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0,1], was " + score);
    }
    explanation = List.copyOf(explanation);
    expected = Map.copyOf(expected);
  }

  /** A verdict without expected ranges (readings scored elsewhere, tests). */
  public ScoredReading(Reading reading, double score, boolean anomalous, boolean warmingUp, int modelVersion,
      List<Contribution> explanation) {
    this(reading, score, anomalous, warmingUp, modelVersion, explanation, Map.of());
  }

  /**
   * The expected ranges as JSON, {@code {"power_w": {"low": 470.2, "high": 530.9}, ...}}: the one shape
   * the store keeps, the readings API returns and the live relay sends ({@code {}} while warming up).
   */
  public JsonObject expectedJson() {
    JsonObject out = new JsonObject();
    expected.forEach((metric, range) -> out.put(metric, new JsonObject().put("low", range.low()).put("high", range.high())));
    return out;
  }

  /** A reading scored while its detector is still learning what normal looks like. */
  public static ScoredReading warmingUp(Reading reading) {
    return new ScoredReading(reading, 0.0, false, true, 0, List.of(), Map.of());
  }

  /**
   * How much one metric contributed to an anomaly, and the range the model expected.
   *
   * @param metric        metric name
   * @param value         the observed value
   * @param expectedLow   lower end of the expected range
   * @param expectedHigh  upper end of the expected range
   * @param share         this metric's share of the deviation, in [0, 1]
   */
  public record Contribution(String metric, double value, double expectedLow, double expectedHigh, double share) {
  }

  /**
   * The range a metric was expected in. Finite with {@code low <= high}, so it always encodes as JSON.
   */
  public record Range(double low, double high) {

    public Range {
      if (!valid(low, high)) {
        throw new IllegalArgumentException("range must be finite with low <= high, was [" + low + ", " + high + "]");
      }
    }

    /** Whether both ends are finite and ordered, i.e. whether {@code new Range(low, high)} would be accepted. */
    public static boolean valid(double low, double high) {
      return Double.isFinite(low) && Double.isFinite(high) && low <= high;
    }
  }
}
