package dev.kiln.core.metrics;

/**
 * What a model said about a set of rows next to what was true: the input of a {@link Metric}. Each
 * kind checks its arrays when it is built (same number of rows, labels in range, finite numbers),
 * so a metric never sees malformed input.
 */
public sealed interface Outcomes
    permits BinaryScores, ClassPredictions, ClassProbabilities, RegressionPredictions, Clusters {
  /** The number of rows. */
  int rows();
}
