package dev.vigil.cli;

import dev.vigil.config.ConfigKey;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.evaluate.NabEvaluation;
import dev.vigil.evaluate.NabRun;
import dev.vigil.evaluate.SyntheticBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vigil evaluate`: measures the server's detector on NAB and on a labelled synthetic benchmark. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score Vigil's live detector on the NAB corpus and on a labelled synthetic benchmark.")
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--nab", paramLabel = "<dir>", description = "NAB root (holding data/ and labels/).")
  Path nab;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "target/nab-results",
      description = "Where per-file result CSVs go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--threads", defaultValue = "0", description = "Files scored in parallel; 0: one per core.")
  int threads;

  @Option(names = "--synthetic", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also run the labelled synthetic benchmark (default: ${DEFAULT-VALUE}).")
  boolean synthetic;

  @Override
  public Integer call() throws Exception {
    DetectorSettings settings = DetectorSettings.of(Integer.parseInt(ConfigKey.SCORING_WARMUP.defaultValue()),
        Double.parseDouble(ConfigKey.SCORING_THRESHOLD.defaultValue()));
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (nab != null) {
      NabEvaluation.run(nab, out, settings, workers, System.out, new NabProgress());
    }
    if (synthetic) {
      System.out.println();
      SyntheticBenchmark.run(settings, System.out);
    }
    return 0;
  }

  /** The NAB run's progress as a bar of rows, with the files done as its message. */
  private static final class NabProgress implements NabRun.Progress {
    private Progress bar;
    private int files;
    private int filesShown;

    @Override
    public void started(int files, long rows) {
      this.files = files;
      bar = Progress.open("NAB", rows, " rows");
      bar.update(0, "files 0/" + files);
    }

    @Override
    public synchronized void advanced(int filesDone, long rowsDone) {
      filesShown = Math.max(filesShown, filesDone); // scoring threads report out of order
      bar.update(rowsDone, "files " + filesShown + "/" + files);
    }

    @Override
    public void finished() {
      bar.close();
    }
  }
}
