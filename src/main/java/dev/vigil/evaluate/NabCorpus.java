package dev.vigil.evaluate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Loads the NAB corpus: data/**.csv and labels/combined_windows.json. */
public final class NabCorpus {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private NabCorpus() {
  }

  public static List<NabFile> load(Path root) throws IOException {
    JsonObject labels = new JsonObject(Files.readString(root.resolve("labels/combined_windows.json")));
    List<NabFile> files = new ArrayList<>();
    for (String name : new TreeSet<>(labels.fieldNames())) {
      files.add(loadFile(root.resolve("data").resolve(name), name, labels.getJsonArray(name)));
    }
    return files;
  }

  static NabFile loadFile(Path csv, String name, JsonArray windowLabels) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    int rows = lines.size() - 1;
    Instant[] ts = new Instant[rows];
    String[] raw = new String[rows];
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      String line = lines.get(i + 1);
      int comma = line.indexOf(',');
      raw[i] = line.substring(0, comma);
      ts[i] = parse(raw[i]);
      values[i] = Double.parseDouble(line.substring(comma + 1).trim());
    }
    List<NabScorer.Window> windows = new ArrayList<>();
    for (int w = 0; w < windowLabels.size(); w++) {
      JsonArray pair = windowLabels.getJsonArray(w);
      windows.add(toRows(ts, parse(pair.getString(0)), parse(pair.getString(1))));
    }
    return new NabFile(name, name.substring(0, name.indexOf('/')), ts, raw, values, List.copyOf(windows));
  }

  private static NabScorer.Window toRows(Instant[] ts, Instant start, Instant end) {
    int left = 0;
    while (left < ts.length && ts[left].isBefore(start)) {
      left++;
    }
    int right = ts.length - 1;
    while (right > 0 && ts[right].isAfter(end)) {
      right--;
    }
    return new NabScorer.Window(left, right);
  }

  static Instant parse(String text) {
    return LocalDateTime.parse(text.trim(), FORMAT).toInstant(ZoneOffset.UTC);
  }
}
