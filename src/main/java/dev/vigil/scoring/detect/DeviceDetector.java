package dev.vigil.scoring.detect;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoredReading.Contribution;
import dev.vigil.scoring.ScoredReading.Range;
import dev.vigil.scoring.drift.DriftReport;
import dev.vigil.scoring.drift.DriftWatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The streaming detector of one device and metric set. Per reading: features from the recent
 * window of each metric (standardised level, step, short-term shift, step volatility), a raw score
 * from the Tribuo one-class SVM blended with the strongest standardised deviation, the anomaly
 * likelihood of the recent raw scores, and a calibrated score in [0,1]; for two or more metrics, the
 * larger of that and the joint model's score ({@link JointMonitor}: PCA T^2 and Q, smoothed, learned from
 * normal readings only), so that a fault keeps the device anomalous while it lasts; once the joint
 * model is grown (its normal spans 20 hours of the device's clock), the likelihood's score stays
 * below the threshold and the joint model and the rules (extreme deviation, spike, stuck sensor)
 * judge. Every score uses
 * only past readings and the present one. Every judged reading carries the range each metric was expected in.
 *
 * <p>Not thread-safe: a detector lives on one scoring lane. Training happens elsewhere: the lane
 * takes a {@link TrainingJob} from {@link #trainingDue()}, trains it wherever it likes, and installs the
 * model ({@link #install}) once {@link #modelDue()} says so: at once for a first model or a retrain drift
 * asked for, {@link #INSTALL_AFTER} readings later for a scheduled retrain; until then the detector keeps
 * scoring with what it has.
 */
public final class DeviceDetector {

  private static final int MIN_LIKELIHOOD_HISTORY = 50;
  /** Readings a restored detector learns its running statistics from before it judges. */
  public static final int REWARM = 30;
  private static final double SVM_WEIGHT = 0.6;
  private static final double EXTREME = 20.0;
  private static final double EXTREME_SCORE = 0.99;
  /** The time-of-day feature feeds the SVM only: in the statistical part it cost NAB points. */
  private static final int HOUR_FEATURE = 4;
  private static final double STAT_SCALE = 4.0;
  /** A spike confirmed by its return: both jumps at least this many usual steps (docs/detection.md). */
  private static final double SPIKE_STEPS = 20.0;
  /**
   * A single metric's value beyond the whole range it has shown by more than this share of the range's
   * width is an anomaly, once the range has been learned from {@link #RANGE_LEARNED} readings
   * (both chosen by NAB's nested 5-fold split by file, docs/detection.md "Beyond the range ever seen").
   */
  static final double RANGE_MARGIN = 0.1;
  static final long RANGE_LEARNED = 1000;
  /**
   * Readings scored after a scheduled retrain's job is handed out before its model is installed: a fixed count,
   * not whenever the fit ends, so that the server (which fits off the lane) and {@code vigil evaluate} install
   * each model before the same reading (docs/decisions.md, "Scheduled retrains are fitted off the scoring lane").
   * At 700 readings a second per device (the bench's half load on the 2-core machine of 2026-12-02) that is
   * 75 ms, five times a 3-metric fit.
   * The first model and a retrain drift asked for are installed at once (the lane waits for their fit): a
   * detector without a model, or with one its readings drifted away from, should not go on with it.
   */
  public static final int INSTALL_AFTER = 50;
  /** {@link #installAt} while no training is in flight: no reading count reaches it. */
  private static final long NO_TRAINING = Long.MAX_VALUE;
  /** A stuck sensor: this many exact repeats in a row of a metric that repeats under STUCK_RARITY of the time. */
  private static final int STUCK_RUN = 10;
  private static final double STUCK_RARITY = 0.01;

  private final String key;
  private final String[] metrics;
  private final DetectorSettings settings;
  /** {@link #retrainOffset(String, int)} of this detector. */
  private final long retrainOffset;
  private final MetricWindow[] windows;
  private final double[] values;
  private final double[] features;
  private final TrainingBuffer trainingBuffer;
  private final AnomalyLikelihood likelihood;
  private final Explainer explainer;
  private SvmModel model;
  private int modelVersion;
  /** The reading count after which the model of the job in flight is installed; {@link #NO_TRAINING} when none is. */
  private long installAt = NO_TRAINING;
  /** The job in flight and its model, once the lane has started fitting it. */
  private ModelInTraining inTraining;
  private long seen;
  private long sinceTraining;
  /** Drift asked for the next retrain: its model is needed at once, not a scheduled refresh. */
  private boolean retrainRequested;
  private long warmupLeft;
  private DriftWatch drift;
  private List<DriftReport> driftReports = List.of();
  private double extremeDeviation;
  private double spike;
  private int stuck;
  private double beyondRange;
  /** The joint model of a device with two or more metrics; null for a single metric. */
  private final JointMonitor joint;
  /** Whether the last reading judged was anomalous to the likelihood or the rules, the joint model apart. */
  private boolean otherwiseAnomalous;

  public DeviceDetector(String key, List<String> metricNames, DetectorSettings settings) {
    this.key = key;
    this.metrics = metricNames.toArray(String[]::new);
    this.settings = settings;
    this.windows = new MetricWindow[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      windows[i] = new MetricWindow();
    }
    this.values = new double[metrics.length];
    this.features = new double[metrics.length * MetricWindow.FEATURES];
    this.trainingBuffer = new TrainingBuffer(settings.trainingRows(), features.length, metrics.length);
    this.likelihood = new AnomalyLikelihood(settings.shortWindow(), settings.longWindow());
    this.explainer = new Explainer(metrics, windows);
    this.warmupLeft = settings.warmup();
    this.joint = metrics.length >= 2 ? new JointMonitor(metrics.length) : null;
    this.retrainOffset = retrainOffset(key, settings.retrainEvery());
    this.sinceTraining = -retrainOffset;
  }

  /**
   * Readings by which this detector's scheduled retrains come after each {@code retrainEvery}: less than half of
   * it, fixed by the key. Devices that start together stay in step (a fleet, a restart, the bench's publishers),
   * so without it they reached every retrain together and a scoring lane fitted ten models back to back, some
   * 300 ms in which none of its devices was scored (docs/benchmarks.md). A function of the key alone, so that the
   * server and {@code vigil evaluate} retrain at the same readings.
   */
  static long retrainOffset(String key, int retrainEvery) {
    return retrainEvery < 2 ? 0 : Math.floorMod(key.hashCode(), retrainEvery / 2);
  }

  /** Scores one reading of this detector's device and metric set, then learns from it. */
  public ScoredReading score(Reading reading) {
    seen++;
    sinceTraining++;
    extremeDeviation = 0;
    spike = 0;
    stuck = 0;
    beyondRange = 0;
    long second = reading.ts().getEpochSecond();
    for (int i = 0; i < metrics.length; i++) {
      values[i] = reading.metrics().get(metrics[i]);
      windows[i].features(values[i], second, features, i * MetricWindow.FEATURES);
      extremeDeviation = Math.max(extremeDeviation, windows[i].deviation(values[i]));
      spike = Math.max(spike, windows[i].spikeReturn(values[i]));
      stuck = Math.max(stuck, windows[i].stuckRun(values[i], STUCK_RARITY));
      beyondRange = Math.max(beyondRange, windows[i].beyondRange(values[i]));
    }
    ScoredReading verdict = judge(reading);
    driftReports = drift == null ? List.of() : drift.observe(values);
    if (!verdict.anomalous() && seen > 2) {
      trainingBuffer.add(features, values, reading.ts());
    }
    if (joint != null) {
      joint.learn(values, !verdict.anomalous(), !otherwiseAnomalous, reading.ts().toEpochMilli());
    }
    for (int i = 0; i < metrics.length; i++) {
      windows[i].update(values[i], second);
    }
    return verdict;
  }

  private ScoredReading judge(Reading reading) {
    otherwiseAnomalous = false;
    if (seen <= warmupLeft) {
      return ScoredReading.warmingUp(reading);
    }
    double raw = rawScore();
    double surprise = likelihood.surprise(raw);
    if (!likelihood.ready(MIN_LIKELIHOOD_HISTORY)) {
      if (joint != null) {
        joint.evidence(values, reading.ts().toEpochMilli()); // keeps the joint EWMA in step with every reading
      }
      return ScoredReading.warmingUp(reading);
    }
    double score = Calibration.score(surprise, settings.fullSurprise());
    if (joint != null && joint.grown()) {
      // Several metrics and a grown joint model of them: it judges the device, the likelihood only shows
      // (docs/detection.md, "A day of normal"); the rules below still judge every reading.
      score = Math.min(score, Math.nextDown(settings.threshold()));
    }
    if (extremeDeviation >= EXTREME) {
      // A deviation this far out (beyond the feature clip) is an anomaly whatever the recent scores.
      score = Math.max(score, EXTREME_SCORE);
    }
    if (spike >= SPIKE_STEPS) {
      // the previous reading was a one-reading spike, now confirmed by the return (docs/detection.md)
      score = Math.max(score, EXTREME_SCORE);
    }
    if (stuck >= STUCK_RUN) {
      // a metric that never repeats itself has repeated its last value STUCK_RUN times: a stuck sensor
      score = Math.max(score, EXTREME_SCORE);
    }
    if (joint == null && seen > RANGE_LEARNED && beyondRange > RANGE_MARGIN) {
      // a single metric beyond anything it has shown (for several metrics the joint model judges: a
      // per-metric range rule there only added false alarms on TEP, docs/detection.md)
      score = Math.max(score, EXTREME_SCORE);
    }
    double jointScore = joint == null
        ? 0
        : Calibration.fromEvidence(joint.evidence(values, reading.ts().toEpochMilli()), settings.threshold());
    boolean anomalous = Math.max(score, jointScore) >= settings.threshold();
    otherwiseAnomalous = score >= settings.threshold();
    Map<String, Range> expected = explainer.expectedRanges();
    if (!anomalous) {
      return new ScoredReading(reading, Math.max(score, jointScore), false, false, modelVersion, List.of(), expected);
    }
    List<Contribution> why = jointScore >= score
        ? explainer.explainShares(values, joint.contributions(values))
        : explainer.explain(values, features);
    return new ScoredReading(reading, Math.max(score, jointScore), true, false, modelVersion, why, expected);
  }

  /** The raw score in [0,1]: the SVM's outlierness blended with the strongest deviation. */
  private double rawScore() {
    double strongest = 0;
    for (int f = 0; f < features.length; f++) {
      if (f % MetricWindow.FEATURES != HOUR_FEATURE) {
        strongest = Math.max(strongest, Math.abs(features[f]));
      }
    }
    double statistical = 1.0 - Math.exp(-strongest / STAT_SCALE);
    if (model == null) {
      return statistical;
    }
    return SVM_WEIGHT * shaped(model.outlierness(features)) + (1 - SVM_WEIGHT) * statistical;
  }

  /**
   * The SVM's outlierness as it enters the raw score: to the power 2.5, so that a reading just past the
   * edge of the support learned from a couple of days (outlierness 0.3 to 0.5, common while a series
   * wanders slowly) adds little and one far outside (near 1) nearly all of it. Taken linearly, runs of
   * such edge readings lifted the likelihood's 9-reading mean to a "one in a million" that happened about
   * once in a thousand readings (docs/detection.md, "False alarms of the likelihood path"). Written with
   * sqrt, which is correctly rounded, so the result is the same on every JVM.
   */
  static double shaped(double outlierness) {
    return outlierness * outlierness * Math.sqrt(outlierness);
  }

  /** A training job when the warm-up just ended or a scheduled retrain is due and none is running. */
  public Optional<TrainingJob> trainingDue() {
    boolean firstModel = model == null && seen >= settings.warmup();
    boolean scheduled = settings.retrainEvery() > 0 && sinceTraining >= settings.retrainEvery();
    if (installAt != NO_TRAINING || trainingBuffer.size() < 10 || !(firstModel || scheduled)) {
      return Optional.empty();
    }
    installAt = firstModel || retrainRequested ? seen : seen + INSTALL_AFTER;
    retrainRequested = false;
    sinceTraining = firstModel ? -retrainOffset : 0;
    return Optional.of(trainingBuffer.snapshot(key, metrics));
  }

  /** The fit of the job {@link #trainingDue()} handed out, to be installed once {@link #modelDue()} says so. */
  public void fitting(ModelInTraining fit) {
    this.inTraining = fit;
  }

  /** The fit in flight when its model is to be installed now, before the next reading is scored. */
  public Optional<ModelInTraining> modelDue() {
    return seen >= installAt ? Optional.ofNullable(inTraining) : Optional.empty();
  }

  /** Swaps in a freshly trained (or reloaded) model; call on the detector's lane. */
  public void install(SvmModel trained, int version) {
    this.model = trained;
    this.modelVersion = version;
    endTraining();
  }

  /** Swaps in a model and starts watching drift against its training window (values per metric). */
  public void install(SvmModel trained, int version, double[][] reference) {
    install(trained, version);
    this.drift = new DriftWatch(key, metrics, reference, version);
  }

  /**
   * Installs a model reloaded from the registry after a restart: the detector then judges after
   * {@link #REWARM} readings (to settle its running statistics) instead of a full warm-up and training.
   */
  public void restore(SvmModel stored, int version, double[][] reference) {
    if (model == null) {
      install(stored, version, reference);
      warmupLeft = Math.min(REWARM, settings.warmup());
    }
  }

  /** Drift reports produced by the last reading (a check runs every few hundred readings), else empty. */
  public List<DriftReport> driftReports() {
    return driftReports;
  }

  /** A training job failed: allow the next one. */
  public void trainingFailed() {
    endTraining();
  }

  private void endTraining() {
    installAt = NO_TRAINING;
    inTraining = null;
  }

  /** Asks for a retrain at the next reading (drift was detected). */
  public void requestRetrain() {
    sinceTraining = Math.max(sinceTraining, settings.retrainEvery());
    retrainRequested = true;
  }

  public String key() {
    return key;
  }

  public int modelVersion() {
    return modelVersion;
  }

  public List<String> metrics() {
    return List.of(metrics);
  }
}
