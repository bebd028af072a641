package dev.kiln.core.metrics;

/**
 * Regression outcomes: the true {@code labels} and the model's {@code predictions}, both finite.
 */
public record RegressionPredictions(double[] labels, double[] predictions) implements Outcomes {
  public RegressionPredictions {
    Check.sameRows("labels", labels.length, "predictions", predictions.length);
    Check.finite("labels", labels);
    Check.finite("predictions", predictions);
    labels = labels.clone();
    predictions = predictions.clone();
  }

  public static RegressionPredictions of(double[] labels, double[] predictions) {
    return new RegressionPredictions(labels, predictions);
  }

  @Override
  public int rows() {
    return labels.length;
  }

  @Override
  public double[] labels() {
    return labels.clone();
  }

  @Override
  public double[] predictions() {
    return predictions.clone();
  }

  double label(int row) {
    return labels[row];
  }

  double prediction(int row) {
    return predictions[row];
  }
}
