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
      double sum = 0;
      long rows = 0;
      for (int i = 0; i < loss.length; i++) {
        sum += counts[i] * loss[i];
        rows += counts[i];
      }
      return finish.applyAsDouble(sum / rows);
    };
  }
}
