package dev.kiln.core.metrics;

/**
 * How per-class precision, recall and F1 become one number, as scikit-learn's {@code average}
 * parameter. Only classes present in the labels or the predictions take part, as in scikit-learn
 * when {@code labels} is not given.
 */
public enum Average {
  /** The unweighted mean over classes: every class counts the same, however rare. */
  MACRO,
  /** From the summed counts of all classes; for single-label data it equals accuracy. */
  MICRO,
  /** The mean over classes weighted by each class's number of true rows (its support). */
  WEIGHTED;

  String suffix() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
