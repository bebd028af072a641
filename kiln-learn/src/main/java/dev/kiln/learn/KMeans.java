package dev.kiln.learn;

import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ParamSpec;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Progress;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * k-means: k-means++ seeding (Arthur and Vassilvitskii, "k-means++: The Advantages of Careful
 * Seeding", SODA 2007) from a seeded generator, then Lloyd iterations until no centroid moves more
 * than {@code tolerance} (squared, relative to the data's mean squared scale as scikit-learn does)
 * or {@code max_iterations}. Sample weights weigh the seeding and the means. An empty cluster keeps
 * its centroid. Written here: Maven Central's permissive k-means (Apache Commons Math's
 * KMeansPlusPlusClusterer) boxes every row into an object and has neither weights nor tolerance.
 */
final class KMeans implements Learner {
  static final String NAME = "kmeans";
  static final List<ParamSpec> PARAMS =
      List.of(
          ParamSpec.integer("k", 8, 1, 100_000, "number of clusters"),
          ParamSpec.integer("max_iterations", 300, 1, 1_000_000, "Lloyd iterations at most"),
          ParamSpec.number("tolerance", 1e-4, 0, 1, "stop when centroids move less (relative)"),
          Common.SEED);

  private final Params params;

  KMeans(Params params) {
    this.params = params;
  }

  @Override
  public Model fit(TrainingSet train, Optional<TrainingSet> validation, Progress progress) {
    int k = params.integer("k");
    Checks.data(NAME, Task.clustering(), train, Optional.empty(), Math.max(k, 2));
    Checks.noMissing(NAME, train);
    int n = train.rows();
    int d = train.cols();
    float[] x = train.features();
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = train.hasWeights() ? train.weights()[i] : 1.0;
    }
    double[][] c = seed(x, w, n, d, k, new SplittableRandom(params.integer("seed")));
    double tol = params.number("tolerance") * meanVariance(x, n, d);
    int total = params.integer("max_iterations");
    int iterations = 0;
    int[] assigned = new int[n];
    for (int it = 0; it < total; it++) {
      for (int i = 0; i < n; i++) {
        assigned[i] = KMeansModel.nearest(c, x, i * d, d);
      }
      double[][] sums = new double[k][d];
      double[] mass = new double[k];
      for (int i = 0; i < n; i++) {
        int a = assigned[i];
        mass[a] += w[i];
        for (int j = 0; j < d; j++) {
          sums[a][j] += w[i] * x[i * d + j];
        }
      }
      double shift = 0;
      for (int a = 0; a < k; a++) {
        if (mass[a] == 0) {
          continue; // an empty cluster keeps its centroid
        }
        for (int j = 0; j < d; j++) {
          double v = sums[a][j] / mass[a];
          shift += (v - c[a][j]) * (v - c[a][j]);
          c[a][j] = v;
        }
      }
      iterations = it + 1;
      progress.update(iterations, total);
      if (shift <= tol) {
        break;
      }
    }
    ModelInfo info =
        new ModelInfo(
            NAME,
            "kiln",
            KMeansModel.FORMAT_VERSION,
            Task.clustering(),
            train.featureNames(),
            params.effective(),
            iterations);
    return new KMeansModel(c, info);
  }

  /** k-means++: each next centroid is a row drawn with probability ∝ weight × squared distance. */
  private static double[][] seed(
      float[] x, double[] w, int n, int d, int k, SplittableRandom random) {
    double[][] c = new double[k][];
    c[0] = row(x, pick(w, null, n, random), d);
    double[] dist = new double[n];
    java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
    for (int a = 1; a < k; a++) {
      for (int i = 0; i < n; i++) {
        dist[i] = Math.min(dist[i], KMeansModel.squaredDistance(c[a - 1], x, i * d, d));
      }
      c[a] = row(x, pick(w, dist, n, random), d);
    }
    return c;
  }

  private static int pick(double[] w, double[] dist, int n, SplittableRandom random) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += w[i] * (dist == null ? 1 : dist[i]);
    }
    if (!(total > 0)) {
      return random.nextInt(n); // all rows sit on centroids already
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < n; i++) {
      r -= w[i] * (dist == null ? 1 : dist[i]);
      if (r < 0) {
        return i;
      }
    }
    return n - 1;
  }

  private static double[] row(float[] x, int i, int d) {
    double[] r = new double[d];
    for (int j = 0; j < d; j++) {
      r[j] = x[i * d + j];
    }
    return r;
  }

  private static double meanVariance(float[] x, int n, int d) {
    double total = 0;
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i * d + j];
      }
      mean /= n;
      double var = 0;
      for (int i = 0; i < n; i++) {
        var += (x[i * d + j] - mean) * (x[i * d + j] - mean);
      }
      total += var / n;
    }
    return total / d;
  }
}
