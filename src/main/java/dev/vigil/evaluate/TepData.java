package dev.vigil.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tennessee Eastman data of ../shared/tep (SCORING.md there): {@code d00.dat}, 500 normal samples
 * stored transposed (52 lines of 500 numbers), and {@code dNN_te.dat}, 960 samples of 52 numbers each,
 * the fault of NN (none for 00) starting after sample 160.
 */
public final class TepData {

  public static final int VARIABLES = 52;
  public static final int TRAINING = 500;
  public static final int TEST = 960;
  /** Test samples before the fault starts (rows 161..960, 1-based, are faulty). */
  public static final int FAULT_START = 160;
  public static final int FAULTS = 21;

  private TepData() {
  }

  /** The variable names a TEP device publishes: XMEAS1..41 then XMV1..11. */
  public static List<String> metricNames() {
    List<String> names = new ArrayList<>(VARIABLES);
    for (int i = 1; i <= 41; i++) {
      names.add("XMEAS" + i);
    }
    for (int i = 1; i <= 11; i++) {
      names.add("XMV" + i);
    }
    return names;
  }

  /** The 500 normal training samples of {@code d00.dat}, one row per sample (the file is transposed). */
  public static double[][] training(Path root) throws IOException {
    double[][] lines = read(data(root).resolve("d00.dat"));
    if (lines.length != VARIABLES) {
      throw new IOException(data(root).resolve("d00.dat") + ": expected " + VARIABLES
          + " lines (the file is stored transposed), found " + lines.length);
    }
    return transpose(lines);
  }

  /** The 960 test samples of fault {@code fault} (0: normal operation). */
  public static double[][] test(Path root, int fault) throws IOException {
    Path file = data(root).resolve(String.format("d%02d_te.dat", fault));
    double[][] rows = read(file);
    if (rows.length != TEST || rows[0].length != VARIABLES) {
      throw new IOException(file + ": expected " + TEST + " x " + VARIABLES + " samples, found " + rows.length + " x "
          + rows[0].length);
    }
    return rows;
  }

  private static Path data(Path root) {
    return root.resolve("data");
  }

  static double[][] read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IOException("no such file: " + file);
    }
    List<double[]> rows = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] cells = trimmed.split("\\s+");
      double[] row = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        row[c] = Double.parseDouble(cells[c]);
      }
      if (!rows.isEmpty() && row.length != rows.get(0).length) {
        throw new IOException(file + ": line " + (rows.size() + 1) + " has " + row.length + " numbers, the first had "
            + rows.get(0).length);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return rows.toArray(double[][]::new);
  }

  static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
