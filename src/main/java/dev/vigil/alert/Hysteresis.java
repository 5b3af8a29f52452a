package dev.vigil.alert;

/**
 * Open/clear decisions for one alert key (device + kind + metric) that do not flap: an alert opens
 * after {@code openAfter} abnormal observations in a row (or at once on a strong one, e.g. a critical
 * anomaly score) and clears only after {@code clearAfter} normal observations in a row. A normal
 * observation resets the run towards opening; an abnormal one resets the run towards clearing, so
 * readings alternating between normal and abnormal neither open a closed alert (openAfter >= 2) nor
 * clear an open one (clearAfter >= 2). Not thread-safe: one instance per key, used from one thread.
 */
public final class Hysteresis {

  /** What to do with the alert after one observation. */
  public enum Decision {
    /** Nothing to do: still closed (maybe counting towards opening), or open and counting towards clearing. */
    NONE,
    /** Open the alert now. */
    OPEN,
    /** The alert is open and this observation is abnormal too: repeat it (occurrences + 1, latest value). */
    REPEAT,
    /** Clear the alert now. */
    CLEAR
  }

  private final int openAfter;
  private final int clearAfter;
  private boolean open;
  private int abnormalRun;
  private int normalRun;

  public Hysteresis(int openAfter, int clearAfter) {
    if (openAfter < 1 || clearAfter < 1) {
      throw new IllegalArgumentException("openAfter and clearAfter must be >= 1");
    }
    this.openAfter = openAfter;
    this.clearAfter = clearAfter;
  }

  /** One observation: {@code abnormal} whether it deviates, {@code strong} whether it alone justifies opening. */
  public Decision observe(boolean abnormal, boolean strong) {
    if (abnormal) {
      normalRun = 0;
      abnormalRun++;
      if (open) {
        return Decision.REPEAT;
      }
      if (strong || abnormalRun >= openAfter) {
        open = true;
        return Decision.OPEN;
      }
      return Decision.NONE;
    }
    abnormalRun = 0;
    if (!open) {
      return Decision.NONE;
    }
    normalRun++;
    if (normalRun >= clearAfter) {
      open = false;
      normalRun = 0;
      return Decision.CLEAR;
    }
    return Decision.NONE;
  }

  /** Resumes an alert known to be open (e.g. found live in the database after a restart). */
  public void markOpen() {
    open = true;
    abnormalRun = 0;
    normalRun = 0;
  }

  public boolean isOpen() {
    return open;
  }

  /** True when this instance holds no information worth keeping (closed, no run towards opening). */
  public boolean isIdle() {
    return !open && abnormalRun == 0;
  }
}
