package dev.kiln.core.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one column holds. Sections that do not apply to the column's type are null (and left out of
 * the JSON).
 *
 * @param count rows in the dataset, nulls included
 * @param distinct distinct non-null values (for numbers: finite values, -0.0 and 0.0 being one):
 *     exact up to about 390 values, above that a HyperLogLog estimate with a relative standard
 *     error of 1.6%
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
