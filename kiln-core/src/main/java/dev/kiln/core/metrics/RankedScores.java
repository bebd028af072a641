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

  /** The same as all-ones (positive) or zero masks, for sums without a branch. */
  private final int[] positiveMask;

  private RankedScores(int[] order, int[] groupEnds, boolean[] positive) {
    this.order = order;
    this.groupEnds = groupEnds;
    this.positive = positive;
    this.positiveMask = new int[positive.length];
    for (int j = 0; j < positive.length; j++) {
      positiveMask[j] = positive[j] ? -1 : 0;
    }
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
    Auc auc = new Auc();
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
      auc.add(p, q);
      start = end;
    }
    return auc.value();
  }

  /** AUC-ROC summed over groups of tied scores in ascending order. */
  private static final class Auc {
    private double pairs;
    private long negativesBelow;
    private long positives;

    void add(long p, long q) {
      pairs += p * (negativesBelow + 0.5 * q);
      negativesBelow += q;
      positives += p;
    }

    double value() {
      if (positives == 0 || negativesBelow == 0) {
        return Double.NaN;
      }
      return pairs / ((double) positives * negativesBelow);
    }
  }

  /**
   * Average precision, scikit-learn's step sum: for each threshold from the highest score down,
   * (recall gained) x (precision at that threshold), without interpolation; summed over groups of
   * tied scores from the highest score down.
   */
  private static final class AveragePrecision {
    private double sum;
    private long truePositives;
    private long falsePositives;

    void add(long p, long q) {
      truePositives += p;
      falsePositives += q;
      if (p > 0) {
        sum += p * ((double) truePositives / (truePositives + falsePositives));
      }
    }

    double value() {
      return truePositives == 0 ? Double.NaN : sum / truePositives;
    }
  }

  /**
   * AUC-ROC ({@code out[0]}) and average precision ({@code out[1]}) of the multiset {@code counts}
   * in one pass over the groups from the highest score down. AUC-ROC summed this way (each negative
   * scores the positives above it, and half of those tied with it) equals {@link #aucRoc(int[])}
   * exactly: every term is a multiple of one half, so the sum is exact in a double up to 2^52.
   */
  void both(int[] counts, double[] out) {
    if (order.length > EXACT_PAIRS_ROWS) {
      bothInDoubles(counts, out);
      return;
    }
    // Twice the pair sum, in a long: each term is an integer, the total at most 2n^2 < 2^63, so
    // the sum is exact and needs no chain of floating-point additions.
    long twicePairs = 0;
    long positivesAbove = 0;
    long negatives = 0;
    double precisionSum = 0;
    int end = order.length;
    for (int g = groupEnds.length - 1; g >= 0; g--) {
      int start = g == 0 ? 0 : groupEnds[g - 1];
      long p = 0;
      long all = 0;
      for (int j = start; j < end; j++) { // no branch on the label: labels in score order are noise
        int c = counts[order[j]];
        p += c & positiveMask[j];
        all += c;
      }
      long q = all - p;
      twicePairs += q * (2 * positivesAbove + p);
      positivesAbove += p;
      negatives += q;
      // average precision: recall gained x precision at this threshold; without a branch (p = 0
      // on about half the rows, unpredictably), adding 0.0 where p = 0 and the divisor would be 0
      precisionSum += p * ((double) positivesAbove / Math.max(1, positivesAbove + negatives));
      end = start;
    }
    out[0] =
        positivesAbove == 0 || negatives == 0
            ? Double.NaN
            : (twicePairs / 2.0) / ((double) positivesAbove * negatives);
    out[1] = positivesAbove == 0 ? Double.NaN : precisionSum / positivesAbove;
  }

  /** Above this many rows 2n^2 could overflow a long: {@link #both} sums pairs in doubles. */
  static final int EXACT_PAIRS_ROWS = 1 << 30;

  /** {@link #both} with the pair sum in doubles (exact while it stays below 2^52). */
  void bothInDoubles(int[] counts, double[] out) {
    double pairs = 0;
    long positivesAbove = 0;
    AveragePrecision ap = new AveragePrecision();
    long negatives = 0;
    int end = order.length;
    for (int g = groupEnds.length - 1; g >= 0; g--) {
      int start = g == 0 ? 0 : groupEnds[g - 1];
      long p = 0;
      long all = 0;
      for (int j = start; j < end; j++) {
        int c = counts[order[j]];
        p += c & positiveMask[j];
        all += c;
      }
      long q = all - p;
      pairs += q * (positivesAbove + 0.5 * p);
      positivesAbove += p;
      negatives += q;
      ap.add(p, q);
      end = start;
    }
    out[0] =
        positivesAbove == 0 || negatives == 0
            ? Double.NaN
            : pairs / ((double) positivesAbove * negatives);
    out[1] = ap.value();
  }

  /** Statistics of the same scores share one pass per resample. */
  private record Key(Object data) {}

  /**
   * AUC-ROC ({@code which} 0) or average precision ({@code which} 1) of {@code data}, sharing with
   * the other its one pass over a resample's rows ({@link #both}).
   */
  static SharedStatistic<double[]> shared(Object data, RankedScores ranked, int which) {
    return new SharedStatistic<>(new Key(data)) {
      @Override
      double[] newBuffer() {
        return new double[2];
      }

      @Override
      void fill(int[] counts, double[] buffer) {
        ranked.both(counts, buffer);
      }

      @Override
      double valueOf(double[] filled) {
        return filled[which];
      }
    };
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
