package dev.kiln.core.profile;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.profile.ColumnProfile.Histogram;
import dev.kiln.core.profile.ColumnProfile.Lengths;
import dev.kiln.core.profile.ColumnProfile.ValueCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;

/**
 * Statistics of a categorical or text column: distinct count (HyperLogLog), the most frequent
 * values (the Misra-Gries frequent-items sketch, exact while the column has fewer than about 750
 * distinct values) and string lengths. When the type was inferred, the distinct count decides
 * between categorical and text at the end.
 */
final class StringAccumulator implements Accumulator {
  static final int TOP = 20;

  private final ColumnType declared;
  private final boolean inferType;
  private final HllSketch hll = new HllSketch(12);
  private final ItemsSketch<String> items = new ItemsSketch<>(1024);
  private long nulls;
  private long empty;
  private long n;
  private long minLength = Long.MAX_VALUE;
  private long maxLength;
  private long totalLength;

  StringAccumulator(ColumnType declared, boolean inferType) {
    this.declared = declared;
    this.inferType = inferType;
  }

  @Override
  public void add(Column column) {
    String[] values = ((StringColumn) column).values();
    for (String v : values) {
      if (v == null) {
        nulls++;
        continue;
      }
      n++;
      if (v.isEmpty()) {
        empty++; // HllSketch ignores empty strings; they are a value here
      } else {
        hll.update(v);
      }
      items.update(v);
      int len = v.length();
      totalLength += len;
      minLength = Math.min(minLength, len);
      maxLength = Math.max(maxLength, len);
    }
  }

  @Override
  public ColumnProfile finish(String name, long rows) {
    long distinct = Math.round(hll.getEstimate()) + (empty > 0 ? 1 : 0);
    ColumnType type = inferType ? StringTypes.infer(distinct, n) : declared;
    List<ValueCount> top = top();
    List<String> labels = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    long shown = 0;
    for (ValueCount vc : top) {
      labels.add(vc.value());
      counts.add(vc.count());
      shown += vc.count();
    }
    if (n > shown) {
      labels.add("(other)");
      counts.add(n - shown);
    }
    Lengths lengths = n == 0 ? null : new Lengths(minLength, (double) totalLength / n, maxLength);
    Histogram histogram = n == 0 ? null : new Histogram(null, labels, counts);
    return new ColumnProfile(
        name,
        type.key(),
        rows,
        nulls,
        NumericAccumulator.rate(nulls, rows),
        distinct,
        null,
        null,
        top,
        lengths,
        histogram);
  }

  /**
   * The most frequent values. Only values the sketch knows to be frequent are listed: while the
   * column has few distinct values the sketch is exact and lists them all; past its capacity a
   * value is listed only when its count exceeds the sketch's maximum error, so a column of unique
   * ids lists none rather than ids with inflated counts.
   */
  private List<ValueCount> top() {
    ItemsSketch.Row<String>[] rows = items.getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
    return Arrays.stream(rows)
        .sorted(
            Comparator.comparingLong((ItemsSketch.Row<String> r) -> -r.getEstimate())
                .thenComparing(ItemsSketch.Row::getItem))
        .limit(TOP)
        .map(r -> new ValueCount(r.getItem(), r.getEstimate()))
        .toList();
  }
}
