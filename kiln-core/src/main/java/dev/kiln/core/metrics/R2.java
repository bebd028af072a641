package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/**
 * The coefficient of determination, 1 - SS_res / SS_tot, equal to scikit-learn's {@code r2_score}
 * wherever that is defined. With constant labels SS_tot is 0 and R² is undefined: scikit-learn then
 * returns 1.0 or 0.0 by convention ({@code force_finite}); Kiln refuses (and a bootstrap skips such
 * a resample), since neither number says anything about the model.
 */
final class R2 extends Metric<RegressionPredictions> {
  R2() {
    super("r2");
  }

  @Override
  Statistic prepare(RegressionPredictions data) {
    int n = data.rows();
    boolean varies = false;
    for (int i = 1; i < n && !varies; i++) {
      varies = data.label(i) != data.label(0);
    }
    UserException.require(
        varies,
        "%s is undefined when every label is the same, but all %d labels are %s",
        name(),
        n,
        data.label(0));
    double[] y = data.labels();
    double[] residual = Losses.squaredError(data);
    return counts -> {
      double sum = 0;
      long rows = 0;
      double first = Double.NaN;
      boolean differs = false;
      for (int i = 0; i < n; i++) {
        if (counts[i] > 0) {
          sum += counts[i] * y[i];
          rows += counts[i];
          if (Double.isNaN(first)) {
            first = y[i];
          } else if (y[i] != first) {
            differs = true;
          }
        }
      }
      if (!differs) {
        return Double.NaN;
      }
      double mean = sum / rows;
      double total = 0;
      double unexplained = 0;
      for (int i = 0; i < n; i++) {
        double d = y[i] - mean;
        total += counts[i] * d * d;
        unexplained += counts[i] * residual[i];
      }
      return 1 - unexplained / total;
    };
  }
}
