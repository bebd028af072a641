package dev.kiln.core.metrics;

/**
 * The result of {@link DeLong#compare}: both AUCs, their difference (first − second), its standard
 * error, z = difference / standardError, and the two-sided p-value. Identical models have a
 * standard error of 0, z = 0 and p = 1.
 */
public record AucDifference(
    double first, double second, double difference, double standardError, double z, double pValue) {

  /** True when the two-sided p-value is below {@code 1 - level} (e.g. p < 0.05 for 0.95). */
  public boolean significantAt(double level) {
    return pValue < 1 - level;
  }
}
