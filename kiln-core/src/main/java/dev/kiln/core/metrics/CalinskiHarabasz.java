package dev.kiln.core.metrics;

/**
 * The Calinski-Harabasz index (variance ratio criterion; Calinski and Harabasz, Communications in
 * Statistics 3(1), 1974): between-cluster dispersion over within-cluster dispersion, each divided
 * by its degrees of freedom, {@code [B / (K - 1)] / [W / (n - K)]} over the K clusters present.
 * Higher is better. As scikit-learn's {@code calinski_harabasz_score}: 1.0 when W is 0; undefined
 * unless 2 ≤ K ≤ n - 1. A resample counts each drawn row as often as it is drawn.
 */
final class CalinskiHarabasz extends Metric<Clusters> {
  CalinskiHarabasz() {
    super("calinski_harabasz");
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
      double[] mean = new double[d];
      long rows = 0;
      for (int i = 0; i < n; i++) {
        int w = counts[i];
        if (w == 0) {
          continue;
        }
        rows += w;
        mass[y[i]] += w;
        for (int j = 0; j < d; j++) {
          means[y[i] * d + j] += w * x[i * d + j];
          mean[j] += w * x[i * d + j];
        }
      }
      int present = 0;
      for (int c = 0; c < k; c++) {
        if (mass[c] > 0) {
          present++;
          for (int j = 0; j < d; j++) {
            means[c * d + j] /= mass[c];
          }
        }
      }
      if (present < 2 || present > rows - 1) {
        return Double.NaN;
      }
      for (int j = 0; j < d; j++) {
        mean[j] /= rows;
      }
      double between = 0;
      for (int c = 0; c < k; c++) {
        if (mass[c] > 0) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            double diff = means[c * d + j] - mean[j];
            s += diff * diff;
          }
          between += mass[c] * s;
        }
      }
      double within = 0;
      for (int i = 0; i < n; i++) {
        if (counts[i] > 0) {
          within += counts[i] * Clusters.squared(x, i, means, y[i], d);
        }
      }
      if (within == 0) {
        return 1.0;
      }
      return between * (rows - present) / (within * (present - 1.0));
    };
  }
}
