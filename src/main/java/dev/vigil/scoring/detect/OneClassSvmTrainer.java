package dev.vigil.scoring.detect;

import java.util.Arrays;
import org.tribuo.MutableDataset;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains Tribuo's one-class SVM ({@link LibSVMAnomalyTrainer}, RBF kernel) on feature vectors of
 * normal readings. Pure and thread-safe: it runs off the scoring lane.
 */
public final class OneClassSvmTrainer {

  /** Expected share of outliers in the training data (libsvm's nu). */
  static final double NU = 0.01;

  private OneClassSvmTrainer() {
  }

  /** Feature names sort in index order, so Tribuo's feature ids equal our feature indices. */
  static String featureName(int index) {
    return String.format("f%03d", index);
  }

  /**
   * Trains on {@code rows} (each a feature vector of equal length).
   *
   * @param source a label for Tribuo's data provenance (device and metric set)
   */
  public static SvmModel train(double[][] rows, String source) {
    libsvm.svm.svm_set_print_string_function(message -> { });
    if (rows.length < 10) {
      throw new IllegalArgumentException("need at least 10 rows to train, got " + rows.length);
    }
    int width = rows[0].length;
    String[] names = new String[width];
    Arrays.setAll(names, OneClassSvmTrainer::featureName);
    AnomalyFactory factory = new AnomalyFactory();
    MutableDataset<Event> data = new MutableDataset<>(new SimpleDataSourceProvenance(source, factory), factory);
    for (double[] row : rows) {
      data.add(new ArrayExample<>(AnomalyFactory.EXPECTED_EVENT, names, row.clone()));
    }
    SVMParameters<Event> params = new SVMParameters<>(new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS),
        KernelType.RBF);
    params.setNu(NU);
    params.setGamma(1.0 / width);
    LibSVMAnomalyTrainer trainer = new LibSVMAnomalyTrainer(params);
    return new SvmModel((org.tribuo.anomaly.libsvm.LibSVMAnomalyModel) trainer.train(data), width);
  }
}
