package dev.kiln.core.profile;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.profile.ColumnProfile.Histogram;
import dev.kiln.core.profile.ColumnProfile.ValueCount;
import java.util.List;

/** Counts of true, false and null. */
final class BooleanAccumulator implements Accumulator {
  private long trues;
  private long falses;
  private long nulls;

  @Override
  public void add(Column column) {
    BooleanColumn b = (BooleanColumn) column;
    for (int i = 0; i < b.size(); i++) {
      if (b.isNull(i)) {
        nulls++;
      } else if (b.value(i)) {
        trues++;
      } else {
        falses++;
      }
    }
  }

  @Override
  public ColumnProfile finish(String name, long rows) {
    long distinct = (trues > 0 ? 1 : 0) + (falses > 0 ? 1 : 0);
    return new ColumnProfile(
        name,
        ColumnType.BOOLEAN.key(),
        rows,
        nulls,
        NumericAccumulator.rate(nulls, rows),
        distinct,
        null,
        null,
        List.of(new ValueCount("true", trues), new ValueCount("false", falses)),
        null,
        new Histogram(null, List.of("false", "true"), List.of(falses, trues)));
  }
}
