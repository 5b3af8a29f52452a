package dev.vigil.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet description loaded from {@code device-sim/scenarios/*.json}: which device kinds, in what
 * proportion, and how often and which anomalies are injected. {@code meanReadingsBetweenAnomalies}
 * is per device; 0 turns injection off. No anomaly is injected in a device's first {@code
 * quietReadings} readings, so that a detector warming up learns from clean data.
 */
public record Scenario(String name, List<DeviceKind> kinds, double meanReadingsBetweenAnomalies,
    int quietReadings, Map<AnomalyKind, Double> anomalyWeights) {

  public static final String DEFAULT = "mixed-fleet.json";

  /**
   * Loads a scenario from a file path, else from the copy inside the jar ({@code
   * scenarios/<name>}, with or without ".json"); null or empty means the default mixed fleet.
   */
  public static Scenario load(String pathOrName) {
    String wanted = pathOrName == null || pathOrName.isBlank() ? DEFAULT : pathOrName.trim();
    Path path = Path.of(wanted);
    try {
      if (Files.isRegularFile(path)) {
        return parse(Files.readString(path, StandardCharsets.UTF_8));
      }
      String resource = "scenarios/" + path.getFileName() + (wanted.endsWith(".json") ? "" : ".json");
      try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalArgumentException("no scenario file '" + wanted + "' and no built-in " + resource);
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + wanted, e);
    }
  }

  public static Scenario parse(String json) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("scenario is not valid JSON: " + e.getMessage(), e);
    }
    List<DeviceKind> kinds = new ArrayList<>();
    root.getJsonArray("kinds").forEach(k -> kinds.add(DeviceKind.fromJson((JsonObject) k)));
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("scenario has no device kinds");
    }
    JsonObject anomalies = root.getJsonObject("anomalies", new JsonObject());
    Map<AnomalyKind, Double> weights = new EnumMap<>(AnomalyKind.class);
    JsonObject weightJson = anomalies.getJsonObject("weights", new JsonObject());
    for (AnomalyKind kind : AnomalyKind.values()) {
      weights.put(kind, weightJson.getDouble(kind.label(), 1.0));
    }
    return new Scenario(root.getString("name", "scenario"), List.copyOf(kinds),
        anomalies.getDouble("meanReadingsBetween", 900.0), anomalies.getInteger("quietReadings", 150),
        Map.copyOf(weights));
  }

  /** The same fleet with another anomaly frequency (0: none), e.g. for a clean baseline. */
  public Scenario withMeanReadingsBetweenAnomalies(double mean) {
    return new Scenario(name, kinds, mean, quietReadings, anomalyWeights);
  }

  /**
   * The kinds of a fleet of {@code devices}: dealt in proportion to their weights,
   * deterministically, so that any prefix of the fleet is already mixed (device 0 is of the
   * heaviest kind).
   */
  public List<DeviceKind> deal(int devices) {
    double total = kinds.stream().mapToDouble(DeviceKind::weight).sum();
    int[] dealt = new int[kinds.size()];
    List<DeviceKind> fleet = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      int chosen = 0;
      double bestDeficit = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < kinds.size(); k++) {
        double deficit = kinds.get(k).weight() / total * (i + 1) - dealt[k];
        if (deficit > bestDeficit + 1e-9) {
          bestDeficit = deficit;
          chosen = k;
        }
      }
      dealt[chosen]++;
      fleet.add(kinds.get(chosen));
    }
    return fleet;
  }
}
