package dev.vigil.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The TEP figures of one detector from its per-sample decisions on the 960 test samples of each of
 * the 22 files: per fault the detection rate (faulty samples flagged), the false alarm rate (normal
 * samples flagged) and the delay (samples from the fault's start to the first flag), and the means
 * over the 18 detectable faults.
 */
public record TepFigures(List<Fault> faults, double meanDetectionRate, double falseAlarmRate,
    double falseAlarmRateFirst160, double meanDelay) {

  /** Faults that no method separates from normal operation: reported, left out of the means. */
  public static final Set<Integer> UNDETECTABLE = Set.of(3, 9, 15);

  /**
   * @param detectionRate  share of samples 161..960 flagged (for fault 0, normal operation, the same share)
   * @param falseAlarmRate share of samples 1..160 flagged
   * @param delay          samples from the fault's start to its first flag, -1 if never flagged
   */
  public record Fault(int fault, double detectionRate, double falseAlarmRate, int delay) {
  }

  /** Figures from {@code flags.get(n)}, the 960 decisions on {@code dNN_te}. */
  public static TepFigures of(List<boolean[]> flags) {
    List<Fault> faults = new ArrayList<>();
    double dr = 0;
    double delay = 0;
    int counted = 0;
    int delays = 0;
    for (int n = 0; n < flags.size(); n++) {
      boolean[] f = flags.get(n);
      Fault fault = new Fault(n, share(f, TepData.FAULT_START, f.length), share(f, 0, TepData.FAULT_START),
          firstFlag(f));
      faults.add(fault);
      if (n > 0 && !UNDETECTABLE.contains(n)) {
        dr += fault.detectionRate();
        counted++;
        if (fault.delay() >= 0) {
          delay += fault.delay();
          delays++;
        }
      }
    }
    boolean[] normal = flags.get(0);
    return new TepFigures(faults, dr / counted, share(normal, 0, normal.length),
        share(normal, 0, TepData.FAULT_START), delays == 0 ? Double.NaN : delay / delays);
  }

  static double share(boolean[] flags, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += flags[i] ? 1 : 0;
    }
    return n / (double) (to - from);
  }

  private static int firstFlag(boolean[] flags) {
    for (int i = TepData.FAULT_START; i < flags.length; i++) {
      if (flags[i]) {
        return i - TepData.FAULT_START;
      }
    }
    return -1;
  }
}
