package dev.vigil.scoring.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scoring.detect.AlertEpisode.Transition;
import org.junit.jupiter.api.Test;

class AlertEpisodeTest {

  @Test
  void opensOnceForAnEventAndClosesAfterEnoughNormalReadings() {
    AlertEpisode episode = new AlertEpisode(3);
    assertThat(episode.next(false)).isEqualTo(Transition.QUIET);
    assertThat(episode.next(true)).isEqualTo(Transition.OPENED);
    assertThat(episode.next(true)).isEqualTo(Transition.CONTINUES);
    assertThat(episode.next(false)).isEqualTo(Transition.CONTINUES);
    assertThat(episode.next(false)).isEqualTo(Transition.CONTINUES);
    assertThat(episode.readingsOpen()).isEqualTo(3);
    assertThat(episode.next(false)).isEqualTo(Transition.CLOSED);
    assertThat(episode.isOpen()).isFalse();
    assertThat(episode.readingsOpen()).isEqualTo(-1);
    assertThat(episode.next(true)).isEqualTo(Transition.OPENED);
  }

  @Test
  void anAnomalousReadingRestartsTheCountTowardsClosing() {
    AlertEpisode episode = new AlertEpisode(2);
    episode.next(true);
    episode.next(false);
    assertThat(episode.next(true)).isEqualTo(Transition.CONTINUES);
    assertThat(episode.next(false)).isEqualTo(Transition.CONTINUES);
    assertThat(episode.next(false)).isEqualTo(Transition.CLOSED);
  }

  @Test
  void withholdsOnlyTheRepeatAlarmFromTheScore() {
    assertThat(AlertEpisode.alarmScore(0.99, Transition.OPENED, 0.95)).isEqualTo(0.99);
    assertThat(AlertEpisode.alarmScore(0.99, Transition.CONTINUES, 0.95)).isLessThan(0.95).isGreaterThan(0.9499);
    assertThat(AlertEpisode.alarmScore(0.3, Transition.QUIET, 0.95)).isEqualTo(0.3);
  }
}
