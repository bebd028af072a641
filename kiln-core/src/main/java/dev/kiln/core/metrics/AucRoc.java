package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * Area under the ROC curve, equal to scikit-learn's {@code roc_auc_score} (ties count one half).
 */
final class AucRoc extends Metric<BinaryScores> {
  AucRoc() {
    super("auc_roc");
  }

  @Override
  Statistic prepare(BinaryScores data) {
    requireBothClasses(name(), data);
    RankedScores ranked = RankedScores.of(data.rows(), data::score, i -> data.label(i) == 1);
    return RankedScores.shared(data, ranked, 0);
  }

  static void requireBothClasses(String metric, BinaryScores data) {
    long positives = 0;
    for (int i = 0; i < data.rows(); i++) {
      positives += data.label(i);
    }
    UserException.require(
        positives > 0 && positives < data.rows(),
        "%s is undefined when labels hold one class only, but all %d labels are %d",
        metric,
        data.rows(),
        positives == 0 ? 0 : 1);
  }
}
