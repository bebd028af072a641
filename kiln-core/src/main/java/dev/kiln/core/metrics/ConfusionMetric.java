package dev.kiln.core.metrics;

/**
 * A metric computed from the confusion matrix (accuracy, balanced accuracy, precision, recall, F1).
 * A resample only re-tallies the matrix. Division by zero gives 0, as scikit-learn's default {@code
 * zero_division="warn"} does (a class never predicted has precision 0).
 */
final class ConfusionMetric extends Metric<ClassPredictions> {
  /** A number from a row-major classes x classes matrix (true class by row). */
  interface Score {
    double of(long[] matrix, int classes);
  }

  private final Score score;

  ConfusionMetric(String name, Score score) {
    super(name);
    this.score = score;
  }

  @Override
  Statistic prepare(ClassPredictions data) {
    int k = data.classes();
    int[] cells = ConfusionMatrix.cells(data);
    return new SharedStatistic<long[]>(new Key(data)) {
      @Override
      long[] newBuffer() {
        return new long[k * k];
      }

      @Override
      void fill(int[] counts, long[] matrix) {
        ConfusionMatrix.tally(cells, counts, matrix);
      }

      @Override
      double valueOf(long[] matrix) {
        return score.of(matrix, k);
      }
    };
  }

  /** Metrics of the same predictions share the confusion matrix of a resample. */
  private record Key(ClassPredictions data) {}

  static double accuracy(long[] m, int k) {
    long correct = 0;
    long total = 0;
    for (int t = 0; t < k; t++) {
      correct += m[t * k + t];
      for (int p = 0; p < k; p++) {
        total += m[t * k + p];
      }
    }
    return (double) correct / total;
  }

  /** The mean recall over classes with at least one true row ({@code balanced_accuracy_score}). */
  static double balancedAccuracy(long[] m, int k) {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < k; c++) {
      long support = support(m, k, c);
      if (support > 0) {
        sum += (double) m[c * k + c] / support;
        present++;
      }
    }
    return sum / present;
  }

  enum Kind {
    PRECISION,
    RECALL,
    F1
  }

  static Score perClass(Kind kind, int c) {
    return (m, k) -> {
      if (c >= k) {
        throw new dev.kiln.core.UserException(
            String.format(
                "class %d is out of range: the predictions have %d classes (0..%d)", c, k, k - 1));
      }
      return of(kind, m[c * k + c], predicted(m, k, c), support(m, k, c));
    };
  }

  static Score averaged(Kind kind, Average average) {
    return (m, k) -> {
      if (average == Average.MICRO) {
        long tp = 0;
        long predicted = 0;
        long support = 0;
        for (int c = 0; c < k; c++) {
          if (present(m, k, c)) {
            tp += m[c * k + c];
            predicted += predicted(m, k, c);
            support += support(m, k, c);
          }
        }
        return of(kind, tp, predicted, support);
      }
      double sum = 0;
      double weights = 0;
      for (int c = 0; c < k; c++) {
        if (present(m, k, c)) {
          long support = support(m, k, c);
          double w = average == Average.WEIGHTED ? support : 1;
          sum += w * of(kind, m[c * k + c], predicted(m, k, c), support);
          weights += w;
        }
      }
      return sum / weights;
    };
  }

  private static double of(Kind kind, long tp, long predicted, long support) {
    double precision = predicted == 0 ? 0 : (double) tp / predicted;
    double recall = support == 0 ? 0 : (double) tp / support;
    if (kind == Kind.PRECISION) {
      return precision;
    }
    if (kind == Kind.RECALL) {
      return recall;
    }
    double sum = precision + recall;
    return 2 * precision * recall / (sum == 0 ? 1 : sum);
  }

  private static boolean present(long[] m, int k, int c) {
    return support(m, k, c) > 0 || predicted(m, k, c) > 0;
  }

  private static long support(long[] m, int k, int c) {
    long s = 0;
    for (int p = 0; p < k; p++) {
      s += m[c * k + p];
    }
    return s;
  }

  private static long predicted(long[] m, int k, int c) {
    long s = 0;
    for (int t = 0; t < k; t++) {
      s += m[t * k + c];
    }
    return s;
  }
}
