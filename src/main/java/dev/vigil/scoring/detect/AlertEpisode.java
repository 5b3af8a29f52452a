package dev.vigil.scoring.detect;

/**
 * One alarm per event, as a layer over the detector's per-reading state: an episode opens at the first
 * anomalous reading and stays open, however many readings in it are anomalous, until the device has
 * been normal for {@code closeAfter} readings in a row. The live alert and {@code vigil evaluate}'s NAB
 * detections both come from this class, so that what is measured is what a user is told.
 *
 * <p>Not thread-safe: one per device detector, fed in reading order.
 */
public final class AlertEpisode {

  /** What a reading did to the episode. */
  public enum Transition {
    /** No episode, and this reading did not open one. */
    QUIET,
    /** This reading opened an episode: the one moment an alert is raised. */
    OPENED,
    /** An episode is open and stays open. */
    CONTINUES,
    /** The device has been normal long enough: the episode closed with this reading. */
    CLOSED
  }

  private final int closeAfter;
  private boolean open;
  private long index = -1;
  private long openedAt;
  private int normalRun;

  public AlertEpisode(int closeAfter) {
    if (closeAfter < 1) {
      throw new IllegalArgumentException("closeAfter must be at least 1, was " + closeAfter);
    }
    this.closeAfter = closeAfter;
  }

  /** Feeds the verdict of the next reading. */
  public Transition next(boolean anomalous) {
    index++;
    if (!open) {
      if (!anomalous) {
        return Transition.QUIET;
      }
      open = true;
      openedAt = index;
      normalRun = 0;
      return Transition.OPENED;
    }
    normalRun = anomalous ? 0 : normalRun + 1;
    if (normalRun >= closeAfter) {
      open = false;
      return Transition.CLOSED;
    }
    return Transition.CONTINUES;
  }

  public boolean isOpen() {
    return open;
  }

  /** Readings since the open episode began (0 at the reading that opened it); -1 when none is open. */
  public long readingsOpen() {
    return open ? index - openedAt : -1;
  }

  /**
   * The score NAB sees for a reading: its own score where it opened an episode, otherwise at most just
   * below the threshold (the score still shows; only the repeat alarm is withheld).
   */
  public static double alarmScore(double score, Transition transition, double threshold) {
    return transition == Transition.OPENED ? score : Math.min(score, Math.nextDown(threshold));
  }
}
