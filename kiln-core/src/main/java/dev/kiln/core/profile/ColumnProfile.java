package dev.kiln.core.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one column holds. Sections that do not apply to the column's type are null (and left out of
 * the JSON).
 *
 * @param distinct distinct non-null values: exact up to a few thousand, a HyperLogLog estimate
 *     (relative error about 1.6%) above
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(
    String name,
    String type,
    long count,
    long nulls,
    double nullRate,
    long distinct,
    Numbers numbers,
    Timestamps timestamps,
    List<ValueCount> top,
    Lengths lengths,
    Histogram histogram) {

  /** Summary statistics of a numeric column (non-finite values are counted, not summarised). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Numbers(
      Double min,
      Double max,
      Double mean,
      Double std,
      long nan,
      long infinite,
      long zeros,
      Map<String, Double> quantiles,
      List<Double> percentiles) {}

  /** The earliest and latest instant of a timestamp column, ISO-8601 UTC. */
  public record Timestamps(String min, String max, Map<String, String> quantiles) {}

  /** A value and how many rows hold it. */
  public record ValueCount(String value, long count) {}

  /** String lengths in characters. */
  public record Lengths(long min, double mean, long max) {}

  /**
   * Counts of values per bin. For numbers and timestamps {@code edges} has one more entry than
   * {@code counts} (bin i is [edges[i], edges[i+1]), the last bin closed); for categorical values
   * {@code labels} names each bin.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Histogram(List<Double> edges, List<String> labels, List<Long> counts) {}
}
