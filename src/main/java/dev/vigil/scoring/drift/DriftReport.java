package dev.vigil.scoring.drift;

/** One metric's drift between its model's training window and recent readings (PSI: decides retraining). */
public record DriftReport(String deviceId, String detectorKey, String metric, int modelVersion, double psi,
    double ks, DriftLevel level, int referenceRows, int recentRows) {
}
