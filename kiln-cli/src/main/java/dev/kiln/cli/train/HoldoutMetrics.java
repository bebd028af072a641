package dev.kiln.cli.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.learn.Task;
import dev.kiln.core.metrics.Average;
import dev.kiln.core.metrics.BinaryScores;
import dev.kiln.core.metrics.Bootstrap;
import dev.kiln.core.metrics.ClassPredictions;
import dev.kiln.core.metrics.ClassProbabilities;
import dev.kiln.core.metrics.Clusters;
import dev.kiln.core.metrics.Metric;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.core.metrics.Metrics;
import dev.kiln.core.metrics.RegressionPredictions;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics {@code kiln train} reports on the holdout, each with a percentile bootstrap
 * confidence interval: a pure function of labels and predictions.
 */
public final class HoldoutMetrics {
  private HoldoutMetrics() {}

  /**
   * @param labels class indexes (classifiers) or values (regression), one per holdout row; see
   *     {@link #clustering} for a clustering
   * @param predictions {@code task.outputs()} numbers per row, as {@code Model.predict} gives them
   */
  public static List<MetricValue> compute(
      Task task, double[] labels, double[] predictions, Bootstrap bootstrap) {
    if (task.kind() == Task.Kind.REGRESSION) {
      return regression(labels, predictions, bootstrap);
    }
    int[] y = new int[labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) labels[i];
    }
    if (task.kind() == Task.Kind.BINARY) {
      return binary(y, predictions, bootstrap);
    }
    return multiclass(y, predictions, task.classes(), bootstrap);
  }

  /**
   * The clustering metrics of the holdout: inertia (and per row) against the model's centroids,
   * silhouette (exact up to {@link Metrics#SILHOUETTE_EXACT_ROWS} rows, on a sample seeded by the
   * bootstrap's seed above), Davies-Bouldin and Calinski-Harabasz.
   *
   * @param features the holdout's features as the model saw them, row-major
   * @param clusters each holdout row's cluster, as the model assigned it
   * @param centroids the model's centroids, one array per cluster
   */
  public static List<MetricValue> clustering(
      double[] features, int[] clusters, double[][] centroids, Bootstrap bootstrap) {
    int cols = centroids[0].length;
    double[] c = new double[centroids.length * cols];
    for (int k = 0; k < centroids.length; k++) {
      System.arraycopy(centroids[k], 0, c, k * cols, cols);
    }
    return bootstrap.estimate(
        Metrics.clustering(bootstrap.seed()), Clusters.of(features, cols, clusters, c));
  }

  private static List<MetricValue> binary(int[] y, double[] predictions, Bootstrap bootstrap) {
    double[] p1 = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      p1[i] = clamp(predictions[2 * i + 1]);
    }
    // in score order: the bootstrap of AUC and PR-AUC then reads its counts in memory order
    BinaryScores scores = BinaryScores.of(y, p1).inScoreOrder();
    // Hard predictions at 0.5, the same as Predictor.label's most probable class for 2 classes
    // except on an exact tie; every metric is measured on the same resamples, drawn once.
    ClassPredictions hard = scores.predictions(0.5);
    List<MetricValue> out = new ArrayList<>();
    for (MetricValue v :
        bootstrap.estimateAll(
            List.of(
                Metrics.AUC_ROC.on(scores),
                Metrics.PR_AUC.on(scores),
                Metrics.LOG_LOSS.on(scores),
                Metrics.BRIER.on(scores),
                Metrics.ACCURACY.on(hard),
                Metrics.BALANCED_ACCURACY.on(hard),
                Metrics.f1(1).on(hard)))) {
      out.add(v.name().equals("f1_class_1") ? renamed(v, "f1") : v);
    }
    return out;
  }

  private static List<MetricValue> multiclass(
      int[] y, double[] predictions, int classes, Bootstrap bootstrap) {
    double[] p = new double[predictions.length];
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        p[i * classes + c] = clamp(predictions[i * classes + c]);
        sum += p[i * classes + c];
      }
      for (int c = 0; c < classes; c++) {
        p[i * classes + c] /= sum;
      }
    }
    ClassProbabilities probabilities = ClassProbabilities.of(y, p, classes);
    ClassPredictions hard = probabilities.predictions();
    return bootstrap.estimateAll(
        List.of(
            Metrics.ACCURACY.on(hard),
            Metrics.BALANCED_ACCURACY.on(hard),
            Metrics.f1(Average.MACRO).on(hard),
            Metrics.MULTICLASS_LOG_LOSS.on(probabilities)));
  }

  private static List<MetricValue> regression(
      double[] labels, double[] predictions, Bootstrap bootstrap) {
    List<Metric<RegressionPredictions>> metrics =
        new ArrayList<>(List.of(Metrics.RMSE, Metrics.MAE, Metrics.R2));
    boolean zero = false;
    for (double v : labels) {
      zero |= v == 0;
    }
    if (!zero) {
      metrics.add(Metrics.MAPE);
    }
    return bootstrap.estimate(metrics, RegressionPredictions.of(labels, predictions));
  }

  private static MetricValue renamed(MetricValue v, String name) {
    return new MetricValue(
        name, v.value(), v.lower(), v.upper(), v.level(), v.resamples(), v.skipped());
  }

  private static double clamp(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }

  /** The metrics as JSON for the bundle: plain numbers, null where a value is undefined. */
  public static ObjectNode toJson(List<MetricValue> values, Bootstrap bootstrap, ObjectNode about) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.set("holdout", about);
    root.put("confidence_level", bootstrap.level());
    root.put("resamples", bootstrap.resamples());
    root.put("bootstrap_seed", bootstrap.seed());
    ObjectNode metrics = root.putObject("values");
    for (MetricValue v : values) {
      ObjectNode m = metrics.putObject(v.name());
      number(m, "value", v.value());
      number(m, "lower", v.lower());
      number(m, "upper", v.upper());
      m.put("skipped_resamples", v.skipped());
    }
    return root;
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }
}
