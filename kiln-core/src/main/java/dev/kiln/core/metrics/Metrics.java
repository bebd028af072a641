package dev.kiln.core.metrics;

import dev.kiln.core.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every metric Kiln reports, each equal to a scikit-learn function (docs/metrics.md gives the
 * formulas and edge cases). Binary metrics read {@link BinaryScores}, metrics of hard predictions
 * read {@link ClassPredictions}, multiclass probability metrics read {@link ClassProbabilities},
 * regression metrics read {@link RegressionPredictions} and clustering metrics read {@link
 * Clusters}.
 */
public final class Metrics {
  /** {@code roc_auc_score}. */
  public static final Metric<BinaryScores> AUC_ROC = new AucRoc();

  /** {@code average_precision_score}. */
  public static final Metric<BinaryScores> PR_AUC = new PrAuc();

  /** {@code log_loss} with probabilities clipped to [eps, 1 - eps], eps = 2.22e-16. */
  public static final Metric<BinaryScores> LOG_LOSS =
      new MeanLoss<>("log_loss", Losses::binaryLogLoss);

  /** {@code brier_score_loss}. */
  public static final Metric<BinaryScores> BRIER = new MeanLoss<>("brier", Losses::brier);

  /** {@code accuracy_score}. */
  public static final Metric<ClassPredictions> ACCURACY =
      new ConfusionMetric("accuracy", ConfusionMetric::accuracy);

  /** {@code balanced_accuracy_score}. */
  public static final Metric<ClassPredictions> BALANCED_ACCURACY =
      new ConfusionMetric("balanced_accuracy", ConfusionMetric::balancedAccuracy);

  /** {@code log_loss} of multiclass probabilities (clipped, then each row renormalised). */
  public static final Metric<ClassProbabilities> MULTICLASS_LOG_LOSS =
      new MeanLoss<>("log_loss", Losses::multiclassLogLoss);

  /** {@code roc_auc_score(multi_class="ovr", average="macro")}. */
  public static final Metric<ClassProbabilities> AUC_ROC_OVR_MACRO = new MulticlassAuc();

  /** {@code mean_squared_error(squared=False)}. */
  public static final Metric<RegressionPredictions> RMSE =
      new MeanLoss<>("rmse", Losses::squaredError, Math::sqrt);

  /** {@code mean_absolute_error}. */
  public static final Metric<RegressionPredictions> MAE =
      new MeanLoss<>("mae", Losses::absoluteError);

  /** {@code mean_absolute_percentage_error}: a fraction (0.05 is 5%), |y| floored at 2.22e-16. */
  public static final Metric<RegressionPredictions> MAPE =
      new MeanLoss<>("mape", Losses::absolutePercentageError);

  /** {@code r2_score}, undefined (not 0 or 1) when every label is the same. */
  public static final Metric<RegressionPredictions> R2 = new R2();

  /**
   * {@code -KMeans.score(X)}: the squared distances of rows to their assigned centroids, summed.
   */
  public static final Metric<Clusters> INERTIA = new Inertia(false);

  /** {@link #INERTIA} divided by the number of rows. */
  public static final Metric<Clusters> INERTIA_PER_ROW = new Inertia(true);

  /** Rows up to which {@link #silhouette(long)} is exact; above, it scores a sample this size. */
  public static final int SILHOUETTE_EXACT_ROWS = 5_000;

  /** {@code davies_bouldin_score}. */
  public static final Metric<Clusters> DAVIES_BOULDIN = new DaviesBouldin();

  /** {@code calinski_harabasz_score}. */
  public static final Metric<Clusters> CALINSKI_HARABASZ = new CalinskiHarabasz();

  private Metrics() {}

  /**
   * {@code silhouette_score}: exact up to {@code maxRows} rows, above that on {@code maxRows} rows
   * drawn with {@code seed} (scikit-learn's {@code sample_size}).
   */
  public static Metric<Clusters> silhouette(int maxRows, long seed) {
    return new Silhouette(maxRows, seed);
  }

  /** {@link #silhouette(int, long)} exact up to {@value #SILHOUETTE_EXACT_ROWS} rows. */
  public static Metric<Clusters> silhouette(long seed) {
    return silhouette(SILHOUETTE_EXACT_ROWS, seed);
  }

  /**
   * Inertia, inertia per row, silhouette (exact up to 5,000 rows), Davies-Bouldin and
   * Calinski-Harabasz.
   */
  public static List<Metric<Clusters>> clustering(long seed) {
    return List.of(INERTIA, INERTIA_PER_ROW, silhouette(seed), DAVIES_BOULDIN, CALINSKI_HARABASZ);
  }

  /** {@code precision_score(average=...)}, named e.g. {@code precision_macro}. */
  public static Metric<ClassPredictions> precision(Average average) {
    return averaged(ConfusionMetric.Kind.PRECISION, average);
  }

  /** {@code recall_score(average=...)}. */
  public static Metric<ClassPredictions> recall(Average average) {
    return averaged(ConfusionMetric.Kind.RECALL, average);
  }

  /** {@code f1_score(average=...)}. */
  public static Metric<ClassPredictions> f1(Average average) {
    return averaged(ConfusionMetric.Kind.F1, average);
  }

  /** Precision of one class, named e.g. {@code precision_class_1}; for binary data class 1. */
  public static Metric<ClassPredictions> precision(int c) {
    return perClass(ConfusionMetric.Kind.PRECISION, c);
  }

  public static Metric<ClassPredictions> recall(int c) {
    return perClass(ConfusionMetric.Kind.RECALL, c);
  }

  public static Metric<ClassPredictions> f1(int c) {
    return perClass(ConfusionMetric.Kind.F1, c);
  }

  /** AUC-ROC, PR-AUC, log loss and Brier: the metrics of binary probabilities. */
  public static List<Metric<BinaryScores>> binary() {
    return List.of(AUC_ROC, PR_AUC, LOG_LOSS, BRIER);
  }

  /**
   * Accuracy, balanced accuracy, and precision, recall and F1 averaged three ways and for each of
   * the {@code classes} classes.
   */
  public static List<Metric<ClassPredictions>> classification(int classes) {
    List<Metric<ClassPredictions>> all = new ArrayList<>(List.of(ACCURACY, BALANCED_ACCURACY));
    for (ConfusionMetric.Kind kind : ConfusionMetric.Kind.values()) {
      for (Average average : Average.values()) {
        all.add(averaged(kind, average));
      }
      for (int c = 0; c < classes; c++) {
        all.add(perClass(kind, c));
      }
    }
    return List.copyOf(all);
  }

  /** Multiclass log loss and one-vs-rest macro AUC-ROC. */
  public static List<Metric<ClassProbabilities>> multiclass() {
    return List.of(MULTICLASS_LOG_LOSS, AUC_ROC_OVR_MACRO);
  }

  /** RMSE, MAE, MAPE and R². */
  public static List<Metric<RegressionPredictions>> regression() {
    return List.of(RMSE, MAE, MAPE, R2);
  }

  private static Metric<ClassPredictions> averaged(ConfusionMetric.Kind kind, Average average) {
    return new ConfusionMetric(
        kind.name().toLowerCase(java.util.Locale.ROOT) + "_" + average.suffix(),
        ConfusionMetric.averaged(kind, average));
  }

  private static Metric<ClassPredictions> perClass(ConfusionMetric.Kind kind, int c) {
    UserException.require(c >= 0, "class must be a class index (0 or more) but was %d", c);
    return new ConfusionMetric(
        kind.name().toLowerCase(java.util.Locale.ROOT) + "_class_" + c,
        ConfusionMetric.perClass(kind, c));
  }
}
