package dev.kiln.core.metrics;

/**
 * Model A's metric minus model B's on the same rows, with a paired bootstrap confidence interval of
 * the difference: every resample draws the same rows for both models, so the noise the two share
 * (which rows happened to be in the holdout) cancels. {@code skipped} counts resamples where either
 * model's metric was undefined.
 */
public record PairedDifference(
    String name,
    double first,
    double second,
    double difference,
    double lower,
    double upper,
    double level,
    int resamples,
    int skipped) {

  /**
   * True when 0 lies outside the interval: the difference is larger than the noise of the rows
   * drawn, at this level. (For a lower-is-better metric such as log loss a negative difference
   * favours the first model.)
   */
  public boolean largerThanNoise() {
    return lower > 0 || upper < 0;
  }

  @Override
  public String toString() {
    return String.format(
        "%s %.4f - %.4f = %+.4f (%.0f%% CI %+.4f to %+.4f)%s",
        name,
        first,
        second,
        difference,
        level * 100,
        lower,
        upper,
        largerThanNoise() ? "" : ", within the noise");
  }
}
