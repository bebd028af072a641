package dev.kiln.core.metrics;

/**
 * A metric with its bootstrap confidence interval: {@code value} on all rows, and the interval
 * [{@code lower}, {@code upper}] holding the central {@code level} share of the {@code resamples -
 * skipped} resample values (percentile method). {@code skipped} counts resamples where the metric
 * was undefined (one class only, say); lower and upper are NaN when every resample was skipped.
 */
public record MetricValue(
    String name,
    double value,
    double lower,
    double upper,
    double level,
    int resamples,
    int skipped) {

  @Override
  public String toString() {
    return String.format(
        "%s %.4f (%.0f%% CI %.4f to %.4f)", name, value, level * 100, lower, upper);
  }
}
