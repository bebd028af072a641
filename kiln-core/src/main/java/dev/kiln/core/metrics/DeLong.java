package dev.kiln.core.metrics;

import dev.kiln.core.UserException;
import java.util.Arrays;

/**
 * DeLong's test of two correlated AUC-ROCs: two models scored on the same rows.
 *
 * <p>DeLong, DeLong and Clarke-Pearson (1988), "Comparing the areas under two or more correlated
 * receiver operating characteristic curves: a nonparametric approach", Biometrics 44(3). The AUC is
 * the mean of its structural components: for a positive row, the share of negatives it outranks
 * (ties counting ½), V10; for a negative row, the share of positives that outrank it, V01.
 * Var(AUC_a − AUC_b) = (S10_aa + S10_bb − 2 S10_ab)/m + (S01_aa + S01_bb − 2 S01_ab)/n, with S the
 * sample covariances of the components over the m positives and the n negatives; z = the difference
 * over its standard error, two-sided p from the normal distribution. The components come from
 * midranks (Sun and Xu 2014, "Fast implementation of DeLong's algorithm", IEEE Signal Processing
 * Letters 21(11)): O(n log n), no pair loop.
 */
public final class DeLong {
  private DeLong() {}

  /** The test of AUC(first) − AUC(second); both must hold the same labels, in the same order. */
  public static AucDifference compare(BinaryScores first, BinaryScores second) {
    UserException.require(
        Arrays.equals(first.labels(), second.labels()),
        "DeLong's test needs both models' scores on the same rows, but their labels differ");
    int[] labels = first.labels();
    int m = 0;
    for (int label : labels) {
      m += label;
    }
    int n = labels.length - m;
    UserException.require(
        m >= 2 && n >= 2,
        "DeLong's test needs at least 2 positive and 2 negative rows, but there are %d and %d",
        m,
        n);
    double[][] v10 = new double[2][];
    double[][] v01 = new double[2][];
    double[] auc = new double[2];
    BinaryScores[] models = {first, second};
    for (int r = 0; r < 2; r++) {
      double[][] components = components(labels, models[r].scores(), m, n);
      v10[r] = components[0];
      v01[r] = components[1];
      auc[r] = mean(v10[r]);
    }
    double variance =
        (covariance(v10[0], v10[0]) + covariance(v10[1], v10[1]) - 2 * covariance(v10[0], v10[1]))
                / m
            + (covariance(v01[0], v01[0])
                    + covariance(v01[1], v01[1])
                    - 2 * covariance(v01[0], v01[1]))
                / n;
    double difference = auc[0] - auc[1];
    double se = Math.sqrt(Math.max(variance, 0));
    double z = se == 0 ? 0 : difference / se;
    double p = se == 0 ? 1 : 2 * Normal.upperTail(Math.abs(z));
    return new AucDifference(auc[0], auc[1], difference, se, z, p);
  }

  /** The components V10 (one per positive) and V01 (one per negative), from midranks. */
  private static double[][] components(int[] labels, double[] scores, int m, int n) {
    double[] positives = new double[m];
    double[] negatives = new double[n];
    int pi = 0;
    int ni = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        positives[pi++] = scores[i] + 0.0;
      } else {
        negatives[ni++] = scores[i] + 0.0;
      }
    }
    double[] all = new double[m + n];
    System.arraycopy(positives, 0, all, 0, m);
    System.arraycopy(negatives, 0, all, m, n);
    double[] rankAll = midranks(all);
    double[] rankPositives = midranks(positives);
    double[] rankNegatives = midranks(negatives);
    double[] v10 = new double[m];
    double[] v01 = new double[n];
    for (int i = 0; i < m; i++) {
      v10[i] = (rankAll[i] - rankPositives[i]) / n;
    }
    for (int j = 0; j < n; j++) {
      v01[j] = 1 - (rankAll[m + j] - rankNegatives[j]) / m;
    }
    return new double[][] {v10, v01};
  }

  /** 1-based ranks, tied values sharing the mean of their ranks. */
  static double[] midranks(double[] values) {
    int[] order =
        java.util.stream.IntStream.range(0, values.length)
            .boxed()
            .sorted((a, b) -> Double.compare(values[a], values[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start + 1;
      while (end < order.length && values[order[end]] == values[order[start]]) {
        end++;
      }
      double rank = (start + 1 + end) / 2.0;
      for (int j = start; j < end; j++) {
        ranks[order[j]] = rank;
      }
      start = end;
    }
    return ranks;
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double covariance(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (x[i] - mx) * (y[i] - my);
    }
    return sum / (x.length - 1);
  }
}
