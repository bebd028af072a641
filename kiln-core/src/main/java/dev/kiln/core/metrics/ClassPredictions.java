package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Hard class predictions: {@code labels[i]} and {@code predictions[i]} are class indexes in {@code
 * 0..classes-1}. The arrays are copied.
 */
public record ClassPredictions(int[] labels, int[] predictions, int classes) implements Outcomes {
  public ClassPredictions {
    UserException.require(classes >= 2, "classes must be at least 2 but was %d", classes);
    Check.sameRows("labels", labels.length, "predictions", predictions.length);
    Check.classes("labels", labels, classes);
    Check.classes("predictions", predictions, classes);
    labels = labels.clone();
    predictions = predictions.clone();
  }

  public static ClassPredictions of(int[] labels, int[] predictions, int classes) {
    return new ClassPredictions(labels, predictions, classes);
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
  public int[] predictions() {
    return predictions.clone();
  }

  int label(int row) {
    return labels[row];
  }

  int prediction(int row) {
    return predictions[row];
  }
}
