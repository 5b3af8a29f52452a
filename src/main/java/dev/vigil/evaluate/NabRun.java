package dev.vigil.evaluate;

import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.detect.AlertEpisode;
import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.StreamingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** Streams every NAB file through Vigil's detector, one row at a time, files in parallel. */
public final class NabRun {

  private final DetectorSettings settings;
  private final int threads;

  public NabRun(DetectorSettings settings, int threads) {
    this.settings = settings;
    this.threads = threads;
  }

  /**
   * Told how far a run has got, for a progress display. {@code advanced} is called from the scoring
   * threads, possibly out of order; {@code finished} once, after the last file or on failure.
   */
  public interface Progress {
    void started(int files, long rows);

    void advanced(int filesDone, long rowsDone);

    void finished();
  }

  /** Scores of every row of every file, in the order of {@code files}. */
  public List<double[]> score(List<NabFile> files, Progress progress) throws Exception {
    AtomicLong rowsDone = new AtomicLong();
    AtomicInteger filesDone = new AtomicInteger();
    progress.started(files.size(), files.stream().mapToLong(NabFile::rows).sum());
    List<Callable<double[]>> jobs = new ArrayList<>();
    for (NabFile file : files) {
      jobs.add(() -> {
        double[] scores = scoreFile(file, rows -> progress.advanced(filesDone.get(), rowsDone.addAndGet(rows)));
        progress.advanced(filesDone.incrementAndGet(), rowsDone.get());
        return scores;
      });
    }
    try {
      return InParallel.run(jobs, threads);
    } finally {
      progress.finished();
    }
  }

  /** Reports rows done in batches: one call per row would make the progress display the bottleneck. */
  private double[] scoreFile(NabFile file, LongConsumer rowsScored) {
    StreamingRun run = new StreamingRun("nab-" + file.name().replace('/', '-'), "value", settings);
    AlertEpisode episode = new AlertEpisode(settings.quietAfter());
    double[] scores = new double[file.rows()];
    for (int i = 0; i < file.rows(); i++) {
      ScoredReading verdict = run.next(file.timestamps()[i], file.values()[i]);
      // NAB rewards one detection per event: the alert layer's, so that evaluate scores what the live alert does.
      scores[i] = AlertEpisode.alarmScore(verdict.score(), episode.next(verdict.anomalous()), settings.threshold());
      if ((i & 1023) == 1023) {
        rowsScored.accept(1024);
      }
    }
    rowsScored.accept(file.rows() & 1023);
    return scores;
  }
}
