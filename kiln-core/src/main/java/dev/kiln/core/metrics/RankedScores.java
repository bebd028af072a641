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

  /** Whether the row at each sorted position is positive. */
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
    int[] order = argsort(s);
    int[] ends = new int[rows];
    int groups = 0;
    for (int j = 1; j <= rows; j++) {
      if (j == rows || s[order[j]] != s[order[j - 1]]) {
        ends[groups++] = j;
      }
    }
    boolean[] positiveInOrder = new boolean[rows];
    for (int j = 0; j < rows; j++) {
      positiveInOrder[j] = positive[order[j]];
    }
    return new RankedScores(order, Arrays.copyOf(ends, groups), positiveInOrder);
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
        int c = counts[order[j]];
        if (positive[j]) {
          p += c;
        } else {
          q += c;
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
        int c = counts[order[j]];
        if (positive[j]) {
          p += c;
        } else {
          q += c;
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

  /** Row indexes in ascending order of {@code s} ({@link Double#compare}); a stable merge sort. */
  static int[] argsort(double[] s) {
    int n = s.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = Double.compare(s[a[j]], s[a[i]]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }
}
