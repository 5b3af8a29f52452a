package dev.vigil.scoring;

/**
 * @param lanes      ordered scoring lanes (worker verticles)
 * @param warmup     readings a detector learns from before it judges
 * @param threshold  calibrated score at or above which a reading is anomalous
 */
public record ScoringConfig(int lanes, int warmup, double threshold) {
}
