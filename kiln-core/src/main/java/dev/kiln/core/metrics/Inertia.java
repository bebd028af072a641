package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * The within-cluster sum of squares of rows to the centroid they are assigned to: scikit-learn's
 * {@code -KMeans.score(X)} (its {@code inertia_} on the training rows). {@code inertia} is the sum,
 * {@code inertia_per_row} the mean, which compares across holdouts of different sizes.
 */
final class Inertia extends Metric<Clusters> {
  private final boolean perRow;

  Inertia(boolean perRow) {
    super(perRow ? "inertia_per_row" : "inertia");
    this.perRow = perRow;
  }

  @Override
  Statistic prepare(Clusters data) {
    UserException.require(
        data.hasCentroids(), "%s needs the model's centroids but none were given", name());
    int n = data.rows();
    int cols = data.cols();
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      loss[i] = Clusters.squared(data.x(), i, data.c(), data.y()[i], cols);
    }
    return counts -> {
      double sum = 0;
      long rows = 0;
      for (int i = 0; i < n; i++) {
        sum += counts[i] * loss[i];
        rows += counts[i];
      }
      return perRow ? sum / rows : sum;
    };
  }
}
