package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.scoring.detect.AlertEpisode;
import dev.vigil.scoring.detect.DetectorSettings;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The live anomaly alert (Hysteresis at the default open-after and clear-after) opens and clears
 * exactly where vigil evaluate's AlertEpisode opens and closes, so that what is measured is what a
 * user is told.
 */
class AnomalyEpisodesTest {

  @Test
  void liveAlertOpensAndClearsWhereTheEvaluatedEpisodeOpensAndCloses() {
    int openAfter = Integer.parseInt(ConfigKey.ALERT_OPEN_AFTER.defaultValue());
    int clearAfter = Integer.parseInt(ConfigKey.ALERT_CLEAR_AFTER.defaultValue());
    assertThat(openAfter).as("an episode opens at its first anomalous reading").isEqualTo(1);
    assertThat(DetectorSettings.QUIET_AFTER).isEqualTo(clearAfter);

    Random random = new Random(7);
    Hysteresis live = new Hysteresis(openAfter, clearAfter);
    AlertEpisode evaluated = new AlertEpisode(DetectorSettings.QUIET_AFTER);
    int opened = 0;
    for (int i = 0; i < 200_000; i++) {
      // faults of random length between quiet spells of random length, noise inside both
      boolean anomalous = (i / 150) % 3 == 0 ? random.nextDouble() < 0.7 : random.nextDouble() < 0.004;
      Hysteresis.Decision decision = live.observe(anomalous, false);
      AlertEpisode.Transition transition = evaluated.next(anomalous);
      assertThat(decision == Hysteresis.Decision.OPEN).as("opened at reading %d", i)
          .isEqualTo(transition == AlertEpisode.Transition.OPENED);
      assertThat(decision == Hysteresis.Decision.CLEAR).as("cleared at reading %d", i)
          .isEqualTo(transition == AlertEpisode.Transition.CLOSED);
      opened += transition == AlertEpisode.Transition.OPENED ? 1 : 0;
    }
    assertThat(opened).as("the sequence exercises many episodes").isGreaterThan(100);
  }
}
