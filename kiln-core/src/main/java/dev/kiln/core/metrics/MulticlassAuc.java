package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * One-vs-rest macro AUC-ROC: the mean over classes of the AUC of "this class" against the rest,
 * scored by that class's probability. Equal to scikit-learn's {@code roc_auc_score(multi_class=
 * "ovr", average="macro")}; undefined unless every class has a true row (and a row of another).
 */
final class MulticlassAuc extends Metric<ClassProbabilities> {
  MulticlassAuc() {
    super("auc_roc_ovr_macro");
  }

  @Override
  Statistic prepare(ClassProbabilities data) {
    int k = data.classes();
    long[] support = new long[k];
    for (int i = 0; i < data.rows(); i++) {
      support[data.label(i)]++;
    }
    for (int c = 0; c < k; c++) {
      UserException.require(
          support[c] > 0 && support[c] < data.rows(),
          "%s is undefined unless every class has a true row, but class %d has %d of %d rows",
          name(),
          c,
          support[c],
          data.rows());
    }
    RankedScores[] ranked = new RankedScores[k];
    for (int c = 0; c < k; c++) {
      int cls = c;
      ranked[c] =
          RankedScores.of(data.rows(), i -> data.probability(i, cls), i -> data.label(i) == cls);
    }
    return counts -> {
      double sum = 0;
      for (RankedScores r : ranked) {
        sum += r.aucRoc(counts); // NaN when a class is missing from the resample
      }
      return sum / k;
    };
  }
}
