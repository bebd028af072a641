package dev.kiln.core.metrics;

/**
 * A metric bound to fixed rows, evaluated on a multiset of them: {@code counts[i]} is how many
 * times row {@code i} is drawn (all ones for the plain metric, a bootstrap resample otherwise).
 * Working from counts rather than from a copied resample lets a metric that sorts (AUC) sort once.
 */
interface Statistic {
  /** The metric on the multiset, or NaN when it is undefined there (one class only, say). */
  double value(int[] counts);
}
