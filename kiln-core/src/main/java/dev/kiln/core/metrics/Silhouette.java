package dev.kiln.core.metrics;

import dev.kiln.core.UserException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The mean silhouette coefficient (Rousseeuw, J. Comput. Appl. Math. 20, 1987): for row i with a =
 * mean Euclidean distance to the other rows of its cluster and b = the smallest mean distance to
 * the rows of another cluster, {@code s = (b - a) / max(a, b)}; 0 for a row alone in its cluster
 * (and where a = b = 0). From -1 to 1, higher is better. Equal to scikit-learn's {@code
 * silhouette_score}; undefined unless the rows hold 2 to n - 1 clusters.
 *
 * <p>It costs O(n² d): up to {@code maxRows} rows it is exact; above, it is computed on {@code
 * maxRows} rows drawn without replacement by a seeded generator (scikit-learn's {@code
 * sample_size}, with its own generator), distances among those rows only. Each row's s is computed
 * once; a bootstrap resample is the mean of the drawn rows' s (of the sampled rows, when sampled),
 * so the interval describes which rows were scored, with every s fixed.
 */
final class Silhouette extends Metric<Clusters> {
  private final int maxRows;
  private final long seed;

  Silhouette(int maxRows, long seed) {
    super("silhouette");
    UserException.require(
        maxRows >= 2, "silhouette maxRows must be at least 2 but was %d", maxRows);
    this.maxRows = maxRows;
    this.seed = seed;
  }

  @Override
  Statistic prepare(Clusters data) {
    int n = data.rows();
    int[] rows = n > maxRows ? sample(n, maxRows, seed) : IntStream.range(0, n).toArray();
    Clusters scored = n > maxRows ? subset(data, rows) : data;
    scored.requireClusters(name());
    double[] s = values(scored);
    return counts -> {
      double sum = 0;
      long drawn = 0;
      for (int r = 0; r < rows.length; r++) {
        int w = counts[rows[r]];
        sum += w * s[r];
        drawn += w;
      }
      return drawn == 0 ? Double.NaN : sum / drawn;
    };
  }

  /** Each row's silhouette (rows in parallel; each row's sums run in a fixed order). */
  static double[] values(Clusters data) {
    int n = data.rows();
    int d = data.cols();
    int k = data.clusters();
    double[] x = data.x();
    int[] y = data.y();
    int[] size = new int[k];
    for (int label : y) {
      size[label]++;
    }
    double[] s = new double[n];
    IntStream each = IntStream.range(0, n);
    (n >= 512 ? each.parallel() : each)
        .forEach(
            i -> {
              double[] sums = new double[k];
              for (int j = 0; j < n; j++) {
                sums[y[j]] += Math.sqrt(Clusters.squared(x, i, x, j, d));
              }
              int own = y[i];
              if (size[own] < 2) {
                s[i] = 0;
                return;
              }
              double a = sums[own] / (size[own] - 1);
              double b = Double.POSITIVE_INFINITY;
              for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                  b = Math.min(b, sums[c] / size[c]);
                }
              }
              double top = Math.max(a, b);
              s[i] = top == 0 ? 0 : (b - a) / top;
            });
    return s;
  }

  /** {@code m} of {@code n} row indexes without replacement, in drawn order (Fisher-Yates). */
  static int[] sample(int n, int m, long seed) {
    int[] order = IntStream.range(0, n).toArray();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < m; i++) {
      int j = i + Bootstrap.below(random, n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return java.util.Arrays.copyOf(order, m);
  }

  private static Clusters subset(Clusters data, int[] rows) {
    int d = data.cols();
    double[] x = new double[rows.length * d];
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(data.x(), rows[r] * d, x, r * d, d);
      y[r] = data.y()[rows[r]];
    }
    return new Clusters(x, d, y, new double[0], data.clusters());
  }
}
