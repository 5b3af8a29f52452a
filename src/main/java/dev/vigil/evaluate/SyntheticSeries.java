package dev.vigil.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated sensor signal (daily cycle, slow random walk, noise) with labelled injected anomalies:
 * spikes, drops, a stuck sensor, a slow drift and noise bursts.
 */
public record SyntheticSeries(double[] values, List<Injection> injections) {

  /** Readings per simulated day (5-minute readings). */
  public static final int DAY = 288;

  public enum Kind { SPIKE, DROP, STUCK, DRIFT, NOISE_BURST }

  /** An injected anomaly over rows [start, end]. */
  public record Injection(Kind kind, int start, int end) {
  }

  /** A series of {@code rows} readings with one injection of every kind, placed after {@code clean} rows. */
  public static SyntheticSeries generate(long seed, int rows, int clean) {
    Random random = new Random(seed);
    Shape shape = Shape.draw(random);
    double[] v = signal(random, rows, shape);
    List<Injection> injections = new ArrayList<>();
    Kind[] kinds = Kind.values();
    int slot = (rows - clean) / kinds.length;
    for (int k = 0; k < kinds.length; k++) {
      int start = clean + k * slot + random.nextInt(slot / 2);
      injections.add(inject(kinds[k], v, start, shape.amplitude(), shape.noise(), random));
    }
    return new SyntheticSeries(v, List.copyOf(injections));
  }

  /**
   * The same signal as {@link #generate} with the same seed, without any injection: nothing in it is an
   * anomaly, so every alert raised on it is a false alarm.
   */
  public static double[] normal(long seed, int rows) {
    Random random = new Random(seed);
    return signal(random, rows, Shape.draw(random));
  }

  /** A series' level, daily amplitude and noise, drawn first from its seed. */
  private record Shape(double base, double amplitude, double noise) {
    static Shape draw(Random random) {
      double base = 20 + random.nextDouble() * 500;
      double amplitude = base * (0.05 + random.nextDouble() * 0.3);
      return new Shape(base, amplitude, amplitude * (0.05 + random.nextDouble() * 0.15));
    }
  }

  /** A daily cycle, a slow random walk (it wanders for hours) and noise. */
  private static double[] signal(Random random, int rows, Shape shape) {
    double[] v = new double[rows];
    double walk = 0;
    for (int i = 0; i < rows; i++) {
      walk = 0.995 * walk + random.nextGaussian() * shape.noise() * 0.1;
      v[i] = shape.base() + shape.amplitude() * Math.sin(2 * Math.PI * i / DAY) + walk
          + random.nextGaussian() * shape.noise();
    }
    return v;
  }

  private static Injection inject(Kind kind, double[] v, int start, double amplitude, double noise, Random r) {
    switch (kind) {
      case SPIKE -> {
        v[start] += amplitude * (1.5 + r.nextDouble()) + 8 * noise;
        return new Injection(kind, start, start);
      }
      case DROP -> {
        v[start] -= amplitude * (1.5 + r.nextDouble()) + 8 * noise;
        return new Injection(kind, start, start);
      }
      case STUCK -> {
        int end = start + 36;
        for (int i = start + 1; i <= end; i++) {
          v[i] = v[start];
        }
        return new Injection(kind, start, end);
      }
      case DRIFT -> {
        int end = start + DAY;
        for (int i = start; i < v.length; i++) {
          v[i] += amplitude * 1.5 * Math.min(1.0, (i - start) / (double) DAY);
        }
        return new Injection(kind, start, end);
      }
      default -> {
        int end = start + 24;
        for (int i = start; i <= end; i++) {
          v[i] += r.nextGaussian() * noise * 6;
        }
        return new Injection(kind, start, end);
      }
    }
  }
}
