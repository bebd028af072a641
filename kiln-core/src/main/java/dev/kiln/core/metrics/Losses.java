package dev.kiln.core.metrics;

/** Per-row losses of the {@link MeanLoss} metrics, each written as scikit-learn computes it. */
final class Losses {
  /**
   * scikit-learn 1.2's {@code log_loss(eps="auto")} clips probabilities to [eps, 1 - eps] with eps
   * the float64 machine epsilon (2.22e-16), then renormalises each row to sum to 1. A certain and
   * wrong prediction therefore costs -ln(2.22e-16) = 36.04 rather than infinity.
   */
  static final double LOG_LOSS_EPS = Math.ulp(1.0);

  /** MAPE divides by max(|y|, eps), eps the float64 machine epsilon, as scikit-learn does. */
  static final double MAPE_EPS = Math.ulp(1.0);

  private Losses() {}

  static double[] binaryLogLoss(BinaryScores data) {
    Check.probabilities("log_loss", "scores", data.scores());
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      double p = clip(data.score(i));
      double sum = (1 - p) + p;
      loss[i] = -Math.log((data.label(i) == 1 ? p : 1 - p) / sum);
    }
    return loss;
  }

  static double[] multiclassLogLoss(ClassProbabilities data) {
    int k = data.classes();
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += clip(data.probability(i, c));
      }
      loss[i] = -Math.log(clip(data.probability(i, data.label(i))) / sum);
    }
    return loss;
  }

  static double[] brier(BinaryScores data) {
    Check.probabilities("brier", "scores", data.scores());
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      double d = data.label(i) - data.score(i);
      loss[i] = d * d;
    }
    return loss;
  }

  static double[] squaredError(RegressionPredictions data) {
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      double d = data.label(i) - data.prediction(i);
      loss[i] = d * d;
    }
    return loss;
  }

  static double[] absoluteError(RegressionPredictions data) {
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      loss[i] = Math.abs(data.prediction(i) - data.label(i));
    }
    return loss;
  }

  static double[] absolutePercentageError(RegressionPredictions data) {
    double[] loss = new double[data.rows()];
    for (int i = 0; i < loss.length; i++) {
      loss[i] =
          Math.abs(data.prediction(i) - data.label(i))
              / Math.max(Math.abs(data.label(i)), MAPE_EPS);
    }
    return loss;
  }

  private static double clip(double p) {
    return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
  }
}
