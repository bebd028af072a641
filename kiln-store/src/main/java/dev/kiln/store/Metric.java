package dev.kiln.store;

/**
 * One logged metric value. NaN and ±Infinity are accepted, as MLflow accepts them, and read back as
 * they were logged; a NaN never satisfies a search comparison.
 *
 * @param timestamp epoch milliseconds
 */
public record Metric(String key, double value, long timestamp, long step) {
  public Metric {
    Checks.key("metric", key);
  }
}
