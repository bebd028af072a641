package dev.kiln.core.metrics;

/**
 * A statistic read off an intermediate result of a resample that other statistics need too: the
 * confusion matrix (accuracy, balanced accuracy, F1) or the weight of each group of tied scores
 * (AUC-ROC, average precision). {@link Bootstrap} computes the intermediate once per resample for
 * all statistics with an equal {@link #key} and lets each read it.
 *
 * @param <S> the intermediate: a buffer that {@link #fill} overwrites, one per bootstrap worker
 */
abstract class SharedStatistic<S> implements Statistic {
  private final Object key;

  /** Statistics built with equal keys compute equal intermediates from the same counts. */
  SharedStatistic(Object key) {
    this.key = key;
  }

  final Object key() {
    return key;
  }

  /** An empty intermediate, for {@link #fill} to overwrite. */
  abstract S newBuffer();

  /** Computes the intermediate of the multiset {@code counts} into {@code buffer}. */
  abstract void fill(int[] counts, S buffer);

  /** The statistic from a filled intermediate (NaN when undefined). */
  abstract double valueOf(S filled);

  @Override
  public final double value(int[] counts) {
    S buffer = newBuffer();
    fill(counts, buffer);
    return valueOf(buffer);
  }
}
