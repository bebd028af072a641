package dev.kiln.core.metrics;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Scores sorted once and cut into groups of tied scores, so that AUC-ROC and average precision of
 * any multiset of the rows take one pass over the groups and no sort. Ties are handled as
 * scikit-learn does: a group of tied scores is one threshold, which gives AUC-ROC half a point for
 * every tied positive–negative pair (the trapezoid of the ROC curve) and average precision one
 * step.
 */
final class RankedScores {
  private final int[] order;
  private final int[] groupEnds;
  private final boolean[] positive;

  private RankedScores(int[] order, int[] groupEnds, boolean[] positive) {
    this.order = order;
    this.groupEnds = groupEnds;
    this.positive = positive;
  }

  /** {@code score.applyAsDouble(i)} and {@code isPositive.test(i)} for row i of {@code rows}. */
  static RankedScores of(
      int rows, java.util.function.IntToDoubleFunction score, IntPredicate isPositive) {
    double[] s = new double[rows];
    boolean[] positive = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      s[i] = score.applyAsDouble(i) + 0.0; // -0.0 + 0.0 is 0.0: numpy sees one tie, so do we
      positive[i] = isPositive.test(i);
    }
    int[] order =
        java.util.stream.IntStream.range(0, rows)
            .boxed()
            .sorted((a, b) -> Double.compare(s[a], s[b]))
            .mapToInt(Integer::intValue)
            .toArray();
    int[] ends = new int[rows];
    int groups = 0;
    for (int j = 1; j <= rows; j++) {
      if (j == rows || s[order[j]] != s[order[j - 1]]) {
        ends[groups++] = j;
      }
    }
    return new RankedScores(order, Arrays.copyOf(ends, groups), positive);
  }

  /**
   * The area under the ROC curve: the probability that a drawn positive outranks a drawn negative,
   * ties counting one half. Counts are integers, so the pair sum is exact in a double up to 2^53.
   */
  double aucRoc(int[] counts) {
    double pairs = 0;
    long negativesBelow = 0;
    long positives = 0;
    int start = 0;
    for (int end : groupEnds) {
      long p = 0;
      long q = 0;
      for (int j = start; j < end; j++) {
        int row = order[j];
        if (positive[row]) {
          p += counts[row];
        } else {
          q += counts[row];
        }
      }
      pairs += p * (negativesBelow + 0.5 * q);
      negativesBelow += q;
      positives += p;
      start = end;
    }
    if (positives == 0 || negativesBelow == 0) {
      return Double.NaN;
    }
    return pairs / ((double) positives * negativesBelow);
  }

  /**
   * Average precision, scikit-learn's step sum: for each threshold from the highest score down,
   * (recall gained) x (precision at that threshold), without interpolation.
   */
  double averagePrecision(int[] counts) {
    double sum = 0;
    long truePositives = 0;
    long falsePositives = 0;
    for (int g = groupEnds.length - 1; g >= 0; g--) {
      int start = g == 0 ? 0 : groupEnds[g - 1];
      long p = 0;
      long q = 0;
      for (int j = start; j < groupEnds[g]; j++) {
        int row = order[j];
        if (positive[row]) {
          p += counts[row];
        } else {
          q += counts[row];
        }
      }
      truePositives += p;
      falsePositives += q;
      if (p > 0) {
        sum += p * ((double) truePositives / (truePositives + falsePositives));
      }
    }
    return truePositives == 0 ? Double.NaN : sum / truePositives;
  }
}
