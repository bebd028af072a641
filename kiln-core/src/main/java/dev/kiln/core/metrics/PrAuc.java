package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Area under the precision–recall curve as average precision, equal to scikit-learn's {@code
 * average_precision_score} (a step sum, not the trapezoid, which is optimistic). Undefined without
 * a positive; 1.0 when every label is positive.
 */
final class PrAuc extends Metric<BinaryScores> {
  PrAuc() {
    super("pr_auc");
  }

  @Override
  Statistic prepare(BinaryScores data) {
    boolean anyPositive = false;
    for (int i = 0; i < data.rows() && !anyPositive; i++) {
      anyPositive = data.label(i) == 1;
    }
    UserException.require(
        anyPositive,
        "%s is undefined without a positive label, but all %d labels are 0",
        name(),
        data.rows());
    RankedScores ranked = RankedScores.of(data.rows(), data::score, i -> data.label(i) == 1);
    return RankedScores.shared(data, ranked, 1);
  }
}
