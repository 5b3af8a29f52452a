package dev.vigil.app;

import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.nab.NabEvaluation;
import dev.vigil.scoring.synth.SyntheticBenchmark;
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
      NabEvaluation.run(nab, out, settings, workers, System.out, System.err);
    }
    if (synthetic) {
      System.out.println();
      SyntheticBenchmark.run(settings, System.out);
    }
    return 0;
  }
}
