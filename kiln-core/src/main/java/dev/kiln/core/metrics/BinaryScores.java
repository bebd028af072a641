package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Binary outcomes: {@code labels[i]} is 0 or 1 (1 = the positive class) and {@code scores[i]} is
 * the model's score for row {@code i}, normally P(positive). Ranking metrics (AUC-ROC, PR-AUC)
 * accept any finite score; log loss and Brier need probabilities in [0, 1]. The arrays are copied.
 */
public record BinaryScores(int[] labels, double[] scores) implements Outcomes {
  public BinaryScores {
    Check.sameRows("labels", labels.length, "scores", scores.length);
    Check.classes("labels", labels, 2);
    Check.finite("scores", scores);
    labels = labels.clone();
    scores = scores.clone();
  }

  public static BinaryScores of(int[] labels, double[] scores) {
    return new BinaryScores(labels, scores);
  }

  @Override
  public int rows() {
    return labels.length;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public double[] scores() {
    return scores.clone();
  }

  /**
   * The same rows in ascending order of score (ties in row order). No metric depends on the order
   * of rows, but a bootstrap of the ranking metrics over rows in score order reads memory in order:
   * several times faster on large holdouts. (A bootstrap's resamples are drawn by row position, so
   * the same seed draws other resamples from the reordered rows: as valid, not the same.)
   */
  public BinaryScores inScoreOrder() {
    int[] order = RankedScores.argsort(scores);
    int[] l = new int[order.length];
    double[] s = new double[order.length];
    for (int j = 0; j < order.length; j++) {
      l[j] = labels[order[j]];
      s[j] = scores[order[j]];
    }
    return new BinaryScores(l, s);
  }

  /** Class 1 where the score is at least {@code threshold}, else class 0. */
  public ClassPredictions predictions(double threshold) {
    UserException.require(
        !Double.isNaN(threshold), "threshold must be a number but was %s", threshold);
    int[] predicted = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      predicted[i] = scores[i] >= threshold ? 1 : 0;
    }
    return new ClassPredictions(labels, predicted, 2);
  }

  int label(int row) {
    return labels[row];
  }

  double score(int row) {
    return scores[row];
  }
}
