package dev.kiln.core.metrics;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * A metric that is a mean of per-row losses, optionally transformed (RMSE is the square root of the
 * mean squared error): log loss, Brier, MAE, MAPE, RMSE. Per-row losses are computed once; a
 * resample is then a weighted mean. Always defined.
 */
final class MeanLoss<T extends Outcomes> extends Metric<T> {
  private final Function<T, double[]> losses;
  private final DoubleUnaryOperator finish;

  MeanLoss(String name, Function<T, double[]> losses, DoubleUnaryOperator finish) {
    super(name);
    this.losses = losses;
    this.finish = finish;
  }

  MeanLoss(String name, Function<T, double[]> losses) {
    this(name, losses, DoubleUnaryOperator.identity());
  }

  @Override
  Statistic prepare(T data) {
    double[] loss = losses.apply(data);
    return counts -> {
      // four partial sums, rows taken in turn: four independent chains of additions, not one
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      long rows = 0;
      int n = loss.length;
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        s0 += counts[i] * loss[i];
        s1 += counts[i + 1] * loss[i + 1];
        s2 += counts[i + 2] * loss[i + 2];
        s3 += counts[i + 3] * loss[i + 3];
        rows += (long) counts[i] + counts[i + 1] + counts[i + 2] + counts[i + 3];
      }
      for (; i < n; i++) {
        s0 += counts[i] * loss[i];
        rows += counts[i];
      }
      return finish.applyAsDouble(((s0 + s1) + (s2 + s3)) / rows);
    };
  }
}
