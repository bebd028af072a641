package dev.kiln.core.metrics;

import java.util.Arrays;

/**
 * A scalar measure of a model on a set of rows, with one verb: {@link #compute}. Instances come
 * from {@link Metrics}; {@link Bootstrap} gives the same metric with a confidence interval.
 *
 * <p>A metric that is undefined on the data (AUC-ROC when only one class is present, R² when every
 * label is the same) throws a {@link dev.kiln.core.UserException} that says why; {@code compute}
 * never returns NaN.
 *
 * @param <T> the kind of outcomes the metric reads
 */
public abstract class Metric<T extends Outcomes> {
  private final String name;

  Metric(String name) {
    this.name = name;
  }

  /** The metric's name in reports and bundles, e.g. {@code auc_roc} or {@code f1_macro}. */
  public final String name() {
    return name;
  }

  /** The metric on every row of {@code data}, each counted once. */
  public final double compute(T data) {
    int[] once = new int[data.rows()];
    Arrays.fill(once, 1);
    return prepare(data).value(once);
  }

  /** This metric bound to {@code data}, for {@link Bootstrap#estimateAll}. */
  public final Bound on(T data) {
    return new Bound(this, data);
  }

  /** A metric and the outcomes it is measured on. */
  public static final class Bound {
    private final Metric<?> metric;
    private final Outcomes data;

    private <T extends Outcomes> Bound(Metric<T> metric, T data) {
      this.metric = metric;
      this.data = data;
    }

    public String name() {
      return metric.name();
    }

    Outcomes data() {
      return data;
    }

    @SuppressWarnings("unchecked")
    Statistic prepare() {
      return ((Metric<Outcomes>) metric).prepare(data);
    }
  }

  /**
   * Does the work that does not depend on which rows are drawn (sorting, per-row losses) and
   * returns the statistic that a bootstrap evaluates once per resample. Throws a {@code
   * UserException} when the metric is undefined on {@code data} as a whole.
   */
  abstract Statistic prepare(T data);

  @Override
  public String toString() {
    return name;
  }
}
