package dev.vigil.scoring;

import dev.vigil.scoring.detect.SvmModel;
import dev.vigil.scoring.detect.TrainingJob;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fits a scoring lane's models on a thread of their own, one at a time, so that the lane goes on scoring
 * its other devices (and the same device, with the model it has) while a model is fitted. Queued fits are
 * bounded by the lane's detectors: each has at most one in flight. Not a Vert.x worker pool: the lane waits
 * for a fit that is due with {@code join()}, and a Vert.x future would hand its result back through the
 * lane's own context, the very thread that waits (docs/decisions.md, "Models are trained off the scoring
 * lane").
 */
final class LaneTrainer implements DetectorStep.Trainer, AutoCloseable {

  private final ExecutorService thread;

  LaneTrainer(int lane) {
    this.thread = Executors.newSingleThreadExecutor(job -> {
      Thread t = new Thread(job, "vigil-training-lane-" + lane);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletableFuture<SvmModel> fit(TrainingJob job) {
    return CompletableFuture.supplyAsync(job::train, thread);
  }

  /** Fits already queued still run, so a lane that waits for one is never left waiting. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
