package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Multiclass probabilities: {@code labels[i]} is a class index in {@code 0..classes-1} and {@code
 * probabilities} holds one row of {@code classes} values per label, row-major ({@code
 * probabilities[i * classes + c]} = P(class c | row i)). Every value is in [0, 1] and every row
 * sums to 1 within {@value #SUM_TOLERANCE}. The arrays are copied.
 */
public record ClassProbabilities(int[] labels, double[] probabilities, int classes)
    implements Outcomes {
  static final double SUM_TOLERANCE = 1e-6;

  public ClassProbabilities {
    UserException.require(classes >= 2, "classes must be at least 2 but was %d", classes);
    UserException.require(labels.length > 0, "labels is empty; a metric needs at least one row");
    UserException.require(
        probabilities.length == (long) labels.length * classes,
        "probabilities has %d values but labels has %d rows and classes is %d: expected %d"
            + " (row-major, rows x classes)",
        probabilities.length,
        labels.length,
        classes,
        (long) labels.length * classes);
    Check.classes("labels", labels, classes);
    Check.probabilities("ClassProbabilities", "probabilities", probabilities);
    for (int i = 0; i < labels.length; i++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += probabilities[i * classes + c];
      }
      UserException.require(
          Math.abs(sum - 1) <= SUM_TOLERANCE,
          "probabilities of row %d sum to %s; each row must sum to 1",
          i,
          sum);
    }
    labels = labels.clone();
    probabilities = probabilities.clone();
  }

  public static ClassProbabilities of(int[] labels, double[] probabilities, int classes) {
    return new ClassProbabilities(labels, probabilities, classes);
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
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** The most probable class of each row (the first one on a tie, as numpy's argmax). */
  public ClassPredictions predictions() {
    int[] predicted = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
          best = c;
        }
      }
      predicted[i] = best;
    }
    return new ClassPredictions(labels, predicted, classes);
  }

  int label(int row) {
    return labels[row];
  }

  double probability(int row, int c) {
    return probabilities[row * classes + c];
  }
}
