package dev.kiln.core.metrics;

/**
 * The Davies-Bouldin index (Davies and Bouldin, IEEE TPAMI 1(2), 1979): for each cluster i the
 * largest {@code (s_i + s_j) / d(c_i, c_j)} over the other clusters j, averaged over clusters,
 * where {@code s_i} is the mean distance of cluster i's rows to their mean {@code c_i}. Lower is
 * better, 0 at best. As scikit-learn's {@code davies_bouldin_score}: the clusters are those present
 * in the rows and their means (not the model's centroids); 0 when every {@code s_i} or every
 * centroid distance is within 1e-8 of 0 ({@code np.allclose}); undefined unless 2 ≤ K ≤ n - 1.
 */
final class DaviesBouldin extends Metric<Clusters> {
  private static final double ATOL = 1e-8;

  DaviesBouldin() {
    super("davies_bouldin");
  }

  @Override
  Statistic prepare(Clusters data) {
    data.requireClusters(name());
    int n = data.rows();
    int d = data.cols();
    int k = data.clusters();
    double[] x = data.x();
    int[] y = data.y();
    return counts -> {
      double[] mass = new double[k];
      double[] means = new double[k * d];
      long rows = 0;
      for (int i = 0; i < n; i++) {
        int w = counts[i];
        if (w > 0) {
          rows += w;
          mass[y[i]] += w;
          for (int j = 0; j < d; j++) {
            means[y[i] * d + j] += w * x[i * d + j];
          }
        }
      }
      int[] present = new int[k];
      int p = 0;
      for (int c = 0; c < k; c++) {
        if (mass[c] > 0) {
          present[p++] = c;
          for (int j = 0; j < d; j++) {
            means[c * d + j] /= mass[c];
          }
        }
      }
      if (p < 2 || p > rows - 1) {
        return Double.NaN;
      }
      double[] spread = new double[k];
      for (int i = 0; i < n; i++) {
        if (counts[i] > 0) {
          spread[y[i]] += counts[i] * Math.sqrt(Clusters.squared(x, i, means, y[i], d));
        }
      }
      boolean tight = true;
      for (int a = 0; a < p; a++) {
        spread[present[a]] /= mass[present[a]];
        tight &= Math.abs(spread[present[a]]) <= ATOL;
      }
      double[] between = new double[p * p];
      boolean together = true;
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          between[a * p + b] = Math.sqrt(Clusters.squared(means, present[a], means, present[b], d));
          together &= between[a * p + b] <= ATOL;
        }
      }
      if (tight || together) {
        return 0.0;
      }
      double sum = 0;
      for (int a = 0; a < p; a++) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < p; b++) {
          double distance = between[a * p + b] == 0 ? Double.POSITIVE_INFINITY : between[a * p + b];
          worst = Math.max(worst, (spread[present[a]] + spread[present[b]]) / distance);
        }
        sum += worst;
      }
      return sum / p;
    };
  }
}
