package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Clustering outcomes: the rows' features ({@code features[row * cols + j]}, finite, as the model
 * saw them), the cluster each row was assigned to ({@code 0 … clusters-1}) and the model's
 * centroids ({@code centroids[cluster * cols + j]}; empty when unknown, then inertia is undefined).
 */
public record Clusters(double[] features, int cols, int[] labels, double[] centroids, int clusters)
    implements Outcomes {
  public Clusters {
    UserException.require(cols > 0, "features need at least one column but cols is %d", cols);
    UserException.require(clusters > 0, "clusters must be at least 1 but was %d", clusters);
    UserException.require(
        features.length == (long) labels.length * cols,
        "features has %d values but labels has %d rows and cols is %d: expected %d (row-major,"
            + " rows x cols)",
        features.length,
        labels.length,
        cols,
        (long) labels.length * cols);
    UserException.require(labels.length > 0, "labels are empty; a metric needs at least one row");
    UserException.require(
        centroids.length == 0 || centroids.length == (long) clusters * cols,
        "centroids has %d values but clusters is %d and cols %d: expected %d (row-major,"
            + " clusters x cols)",
        centroids.length,
        clusters,
        cols,
        (long) clusters * cols);
    for (int i = 0; i < features.length; i++) {
      UserException.require(
          Double.isFinite(features[i]),
          "features must be finite numbers but row %d column %d is %s",
          i / cols,
          i % cols,
          features[i]);
    }
    Check.finite("centroids", centroids);
    for (int i = 0; i < labels.length; i++) {
      UserException.require(
          labels[i] >= 0 && labels[i] < clusters,
          "labels must be cluster indexes 0..%d but row %d is %d",
          clusters - 1,
          i,
          labels[i]);
    }
    features = features.clone();
    labels = labels.clone();
    centroids = centroids.clone();
  }

  /** Rows assigned by a model with these centroids ({@code clusters x cols}, row-major). */
  public static Clusters of(double[] features, int cols, int[] labels, double[] centroids) {
    UserException.require(
        cols > 0 && centroids.length % cols == 0 && centroids.length > 0,
        "centroids has %d values, not a whole number (1 or more) of rows of %d columns",
        centroids.length,
        cols);
    return new Clusters(features, cols, labels, centroids, centroids.length / cols);
  }

  /** Rows labelled {@code 0 … clusters-1} without centroids (no inertia). */
  public static Clusters of(double[] features, int cols, int[] labels, int clusters) {
    return new Clusters(features, cols, labels, new double[0], clusters);
  }

  @Override
  public int rows() {
    return labels.length;
  }

  @Override
  public double[] features() {
    return features.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public double[] centroids() {
    return centroids.clone();
  }

  boolean hasCentroids() {
    return centroids.length > 0;
  }

  double[] x() {
    return features;
  }

  int[] y() {
    return labels;
  }

  double[] c() {
    return centroids;
  }

  /**
   * Refuses rows that hold fewer than 2 clusters, or as many clusters as rows: scikit-learn's
   * cluster metrics ({@code check_number_of_labels}) are undefined there.
   */
  void requireClusters(String metric) {
    boolean[] seen = new boolean[clusters];
    int present = 0;
    for (int label : labels) {
      if (!seen[label]) {
        seen[label] = true;
        present++;
      }
    }
    UserException.require(
        present >= 2 && present <= labels.length - 1,
        "%s is undefined unless the rows hold 2 to n - 1 clusters, but its %d rows hold %d",
        metric,
        labels.length,
        present);
  }

  /** The squared Euclidean distance between rows (or centroids) a and b of width cols. */
  static double squared(double[] x, int a, double[] y, int b, int cols) {
    double s = 0;
    for (int j = 0; j < cols; j++) {
      double d = x[a * cols + j] - y[b * cols + j];
      s += d * d;
    }
    return s;
  }
}
