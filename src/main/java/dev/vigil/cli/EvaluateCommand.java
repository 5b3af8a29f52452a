package dev.vigil.cli;

import dev.vigil.config.ConfigKey;
import dev.vigil.evaluate.EvaluationJson;
import dev.vigil.evaluate.ForecastEvaluation;
import dev.vigil.evaluate.KFold;
import dev.vigil.evaluate.NabEvaluation;
import dev.vigil.evaluate.NabResults;
import dev.vigil.evaluate.NabRun;
import dev.vigil.evaluate.SyntheticBenchmark;
import dev.vigil.evaluate.TepEvaluation;
import dev.vigil.scoring.detect.DetectorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vigil evaluate`: measures the server's detector on NAB, TEP and a labelled synthetic benchmark. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score Vigil's live detector on the NAB corpus, the Tennessee Eastman process (TEP) and a "
        + "labelled synthetic benchmark; measure the day-ahead consumption forecast on an hourly load file.")
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--nab", paramLabel = "<dir>", description = "NAB root (holding data/ and labels/).")
  Path nab;

  @Option(names = "--tep", paramLabel = "<dir>", description = "TEP root (holding data/d00.dat, data/dNN_te.dat).")
  Path tep;

  @Option(names = "--forecast", paramLabel = "<file>",
      description = "An hourly load CSV (`Datetime,VALUE`, e.g. ../shared/energy/PJME_hourly.csv): day-ahead "
          + "forecast error against seasonal-naive.")
  Path forecast;

  @Option(names = "--out", paramLabel = "<dir>", defaultValue = "target/nab-results",
      description = "Where per-file result CSVs go (default: ${DEFAULT-VALUE}; TEP's under tep/).")
  Path out;

  @Option(names = "--json", paramLabel = "<file>", description = "Also write every printed figure to this JSON file.")
  Path json;

  @Option(names = "--threads", defaultValue = "0", description = "Files scored in parallel; 0: one per core.")
  int threads;

  @Option(names = "--synthetic", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Also run the labelled synthetic benchmark (default: ${DEFAULT-VALUE}).")
  boolean synthetic;

  @Override
  public Integer call() throws Exception {
    if (!exists(nab, "--nab", "data") || !exists(tep, "--tep", "data") || !isFile(forecast, "--forecast")) {
      return 2;
    }
    DetectorSettings settings = DetectorSettings.of(Integer.parseInt(ConfigKey.SCORING_WARMUP.defaultValue()),
        Double.parseDouble(ConfigKey.SCORING_THRESHOLD.defaultValue()));
    int workers = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    EvaluationJson figures = new EvaluationJson();
    try {
      if (nab != null) {
        NabResults results = NabEvaluation.run(nab, out, settings, workers, System.out, new BarProgress("NAB", " rows"));
        figures.nab(results, settings.threshold(), new KFold(KFold.FOLDS));
      }
      if (tep != null) {
        System.out.println();
        figures.tep(TepEvaluation.run(tep, out, settings, workers, System.out, new BarProgress("TEP", " samples")));
      }
      if (forecast != null) {
        System.out.println();
        figures.forecast(ForecastEvaluation.run(forecast, out, System.out, new BarProgress("forecast", " days")));
      }
    } catch (IOException e) {
      System.err.println("vigil evaluate: " + e.getMessage());
      return 2;
    }
    if (synthetic) {
      System.out.println();
      figures.synthetic(SyntheticBenchmark.run(settings, System.out));
    }
    if (json != null) {
      figures.write(json);
      System.out.printf("%nfigures as JSON: %s%n", json.toAbsolutePath());
    }
    return 0;
  }

  /** A clear message instead of a stack trace when a corpus directory is not where it was said to be. */
  private static boolean exists(Path root, String option, String child) {
    if (root == null) {
      return true;
    }
    if (!Files.isDirectory(root.resolve(child))) {
      System.err.printf("vigil evaluate: %s %s: no such directory %s%n", option, root, root.resolve(child));
      return false;
    }
    return true;
  }

  private static boolean isFile(Path file, String option) {
    if (file != null && !Files.isRegularFile(file)) {
      System.err.printf("vigil evaluate: %s %s: no such file%n", option, file);
      return false;
    }
    return true;
  }

  /** A run's progress as a bar of rows, with the files done as its message. */
  private static final class BarProgress implements NabRun.Progress {
    private final String task;
    private final String unit;
    private Progress bar;
    private int files;
    private int filesShown;

    BarProgress(String task, String unit) {
      this.task = task;
      this.unit = unit;
    }

    @Override
    public void started(int files, long rows) {
      this.files = files;
      bar = Progress.open(task, rows, unit);
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
