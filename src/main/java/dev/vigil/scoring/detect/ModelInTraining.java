package dev.vigil.scoring.detect;

import java.util.concurrent.CompletableFuture;

/**
 * A training job handed out by a detector and the model being fitted from it, wherever that happens (a
 * training thread in the server, the caller's own thread in an evaluation).
 *
 * @param job   what the model is fitted from
 * @param model completes with the fitted model, or exceptionally when it cannot be fitted
 */
public record ModelInTraining(TrainingJob job, CompletableFuture<SvmModel> model) {
}
