package dev.vigil.scoring.nab;

import dev.vigil.scoring.detect.DetectorSettings;
import dev.vigil.scoring.detect.StreamingRun;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Streams every NAB file through Vigil's detector, one row at a time, files in parallel. */
public final class NabRun {

  private final DetectorSettings settings;
  private final int threads;

  public NabRun(DetectorSettings settings, int threads) {
    this.settings = settings;
    this.threads = threads;
  }

  /** Scores of every row of every file, in the order of {@code files}. */
  public List<double[]> score(List<NabFile> files, PrintStream progress) throws Exception {
    long totalRows = files.stream().mapToLong(NabFile::rows).sum();
    AtomicLong rowsDone = new AtomicLong();
    AtomicInteger filesDone = new AtomicInteger();
    ProgressBar bar = new ProgressBar(progress, files.size(), totalRows);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(() -> bar.show(filesDone.get(), rowsDone.get()), 500, 500, TimeUnit.MILLISECONDS);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (NabFile file : files) {
        futures.add(pool.submit(() -> {
          double[] scores = scoreFile(file, rowsDone);
          bar.show(filesDone.incrementAndGet(), rowsDone.get());
          return scores;
        }));
      }
      List<double[]> out = new ArrayList<>();
      for (Future<double[]> f : futures) {
        out.add(f.get());
      }
      ticker.shutdownNow();
      bar.show(filesDone.get(), rowsDone.get());
      bar.finish();
      return out;
    } finally {
      ticker.shutdownNow();
      pool.shutdownNow();
    }
  }

  private double[] scoreFile(NabFile file, AtomicLong rowsDone) {
    StreamingRun run = new StreamingRun("nab-" + file.name().replace('/', '-'), "value", settings);
    double[] scores = new double[file.rows()];
    for (int i = 0; i < file.rows(); i++) {
      scores[i] = run.next(file.timestamps()[i], file.values()[i]).score();
      if ((i & 1023) == 1023) {
        rowsDone.addAndGet(1024);
      }
    }
    rowsDone.addAndGet(file.rows() & 1023);
    return scores;
  }

  /** Files done / rows, percentage and ETA on one stderr line, redrawn in place. */
  static final class ProgressBar {
    private final PrintStream out;
    private final int files;
    private final long rows;
    private final long started = System.nanoTime();

    ProgressBar(PrintStream out, int files, long rows) {
      this.out = out;
      this.files = files;
      this.rows = rows;
    }

    synchronized void show(int filesDone, long rowsDone) {
      double fraction = Math.min(1.0, rowsDone / (double) rows);
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      double elapsed = (System.nanoTime() - started) / 1e9;
      double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
      out.printf("\r[%s%s] %3.0f%%  files %d/%d  rows %d/%d  elapsed %.0fs  ETA %.0fs ",
          "#".repeat(filled), " ".repeat(width - filled), fraction * 100, filesDone, files, rowsDone, rows,
          elapsed, eta);
      out.flush();
    }

    synchronized void finish() {
      out.println();
    }
  }
}
