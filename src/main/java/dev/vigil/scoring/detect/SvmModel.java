package dev.vigil.scoring.detect;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import libsvm.svm_model;
import libsvm.svm_node;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyModel;

/**
 * A trained Tribuo one-class SVM, scored without per-call allocation: Tribuo trains it and keeps its
 * provenance, and scoring computes libsvm's decision function, which is what Tribuo's own {@code predict}
 * does after building an {@code Example} per call. For the RBF kernel (the one Vigil trains) the support
 * vectors are laid out once as dense rows over the reading's features, and the kernel sums are done
 * over plain arrays in libsvm's own order of operations, so every score equals libsvm's to the bit
 * (SvmModelTest) at a fraction of the cost of walking libsvm's node objects.
 *
 * <p>Not thread-safe (the node array is reused): one instance per detector, used on its lane.
 */
public final class SvmModel {

  private final LibSVMAnomalyModel model;
  private final svm_model inner;
  private final svm_node[] nodes;
  private final int[] nodeFeature;
  private final double[] decision = new double[1];
  private final double rho;
  /** Support vector i as a value per node position (0 where it has none), or null: not RBF, use libsvm. */
  private final double[][] supportVectors;
  private final double[] coefficients;
  private final double gamma;
  private final double[] x;

  SvmModel(LibSVMAnomalyModel model, int featureCount) {
    this.model = model;
    this.inner = model.getInnerModels().get(0);
    this.rho = inner.rho[0];
    ImmutableFeatureMap map = model.getFeatureIDMap();
    // libsvm wants nodes in ascending index order; remember which feature fills each node.
    int[][] pairs = new int[featureCount][];
    int known = 0;
    for (int i = 0; i < featureCount; i++) {
      int id = map.getID(OneClassSvmTrainer.featureName(i));
      if (id >= 0) {
        pairs[known++] = new int[] {id, i};
      }
    }
    int[][] sorted = java.util.Arrays.copyOf(pairs, known);
    java.util.Arrays.sort(sorted, java.util.Comparator.comparingInt(pair -> pair[0]));
    this.nodes = new svm_node[known];
    this.nodeFeature = new int[known];
    for (int n = 0; n < known; n++) {
      nodes[n] = new svm_node();
      nodes[n].index = sorted[n][0];
      nodeFeature[n] = sorted[n][1];
    }
    this.x = new double[known];
    this.coefficients = inner.sv_coef[0];
    this.gamma = inner.param.gamma;
    this.supportVectors = inner.param.kernel_type == libsvm.svm_parameter.RBF
        && inner.param.svm_type == libsvm.svm_parameter.ONE_CLASS ? denseSupportVectors() : null;
  }

  /** Null when a support vector has a feature the nodes lack (it cannot, but then libsvm decides). */
  private double[][] denseSupportVectors() {
    int[] indices = nodeIndices();
    double[][] dense = new double[inner.l][nodes.length];
    for (int i = 0; i < inner.l; i++) {
      for (svm_node node : inner.SV[i]) {
        int position = java.util.Arrays.binarySearch(indices, node.index);
        if (position < 0) {
          return null;
        }
        dense[i][position] = node.value;
      }
    }
    return dense;
  }

  private int[] nodeIndices() {
    int[] indices = new int[nodes.length];
    for (int n = 0; n < nodes.length; n++) {
      indices[n] = nodes[n].index;
    }
    return indices;
  }

  /**
   * How far outside the learned support {@code features} lies: 0 inside or on the boundary, rising
   * to 1 far away (the kernel sum relative to the boundary offset rho).
   */
  public double outlierness(double[] features) {
    double value = supportVectors == null ? libsvmDecision(features) : decision(features);
    if (rho <= 0) {
      return value < 0 ? 1.0 : 0.0;
    }
    double kernelSum = value + rho;
    return Math.min(1.0, Math.max(0.0, 1.0 - kernelSum / rho));
  }

  /**
   * libsvm's one-class decision value (svm_predict_values with Kernel.k_function's RBF case): the same
   * terms added in the same order. Where a support vector lacks a feature libsvm adds x*x, and (x - 0)^2 is
   * that exactly (the reading has every feature, so nothing else differs).
   */
  double decision(double[] features) {
    for (int n = 0; n < x.length; n++) {
      x[n] = features[nodeFeature[n]];
    }
    double sum = 0;
    for (int i = 0; i < supportVectors.length; i++) {
      double[] sv = supportVectors[i];
      double squared = 0;
      for (int n = 0; n < x.length; n++) {
        double d = x[n] - sv[n];
        squared += d * d;
      }
      sum += coefficients[i] * Math.exp(-gamma * squared);
    }
    return sum - rho;
  }

  /** The decision value as libsvm itself computes it. */
  double libsvmDecision(double[] features) {
    for (int n = 0; n < nodes.length; n++) {
      nodes[n].value = features[nodeFeature[n]];
    }
    libsvm.svm.svm_predict_values(inner, nodes, decision);
    return decision[0];
  }

  public int supportVectors() {
    return model.getNumberOfSupportVectors();
  }

  /** Tribuo's provenance of the model (trainer, parameters, data), as JSON-like text. */
  public String provenance() {
    return ProvenanceUtil.formattedProvenanceString(model.getProvenance());
  }

  /** The model as bytes for the registry (Java serialization, which Tribuo models support). */
  public byte[] toBytes() {
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(model);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a model written by {@link #toBytes}. */
  public static SvmModel fromBytes(byte[] data, int featureCount) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
      return new SvmModel((LibSVMAnomalyModel) in.readObject(), featureCount);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("not a Tribuo LibSVM anomaly model", e);
    }
  }
}
