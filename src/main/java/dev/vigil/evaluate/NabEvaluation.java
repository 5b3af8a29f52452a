package dev.vigil.evaluate;

import dev.vigil.scoring.detect.DetectorSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** `vigil evaluate --nab`: stream the corpus through the live detector, score it, write CSVs. */
public final class NabEvaluation {

  private NabEvaluation() {
  }

  public static NabResults run(Path nabRoot, Path outDir, DetectorSettings settings, int threads, PrintStream out,
      NabRun.Progress progress) throws Exception {
    List<NabFile> files = NabCorpus.load(nabRoot);
    long started = System.nanoTime();
    List<double[]> scores = new NabRun(settings, threads).score(files, progress);
    out.printf("scored in %.1f s with %d thread(s)%n", (System.nanoTime() - started) / 1e9, threads);
    writeCsvs(outDir, files, scores);
    NabResults results = new NabResults(files, scores);
    results.print(out, settings.threshold());
    out.printf("%nper-file results (timestamp,value,score,label): %s%n", outDir.toAbsolutePath());
    return results;
  }

  static void writeCsvs(Path outDir, List<NabFile> files, List<double[]> scores) throws IOException {
    for (int f = 0; f < files.size(); f++) {
      NabFile file = files.get(f);
      Path target = outDir.resolve(file.name());
      Files.createDirectories(target.getParent());
      try (BufferedWriter w = Files.newBufferedWriter(target)) {
        w.write("timestamp,value,score,label\n");
        double[] s = scores.get(f);
        for (int i = 0; i < file.rows(); i++) {
          w.write(file.rawTimestamps()[i] + "," + file.values()[i] + "," + s[i] + "," + (file.labelled(i) ? 1 : 0)
              + "\n");
        }
      }
    }
  }
}
