package dev.kiln.data.split;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Rows before a cut-off train, rows at or after it test: the model is tested on a later period, as
 * it will be used. Without a cut-off, the cut is put where {@code fraction} of the rows fall at or
 * after it (at the nearest boundary between distinct timestamps). With a cut-off the fraction and
 * seed play no part. Every row must have a timestamp.
 */
public record TimeSplit(String column, Optional<Instant> cutoff) implements Split {
  public TimeSplit {
    UserException.require(!column.isEmpty(), "a time split needs a column");
  }

  @Override
  public SplitResult apply(Frame frame, double testFraction, long seed) {
    LongColumn ts = timestamps(frame);
    int n = frame.rowCount();
    long[] sorted = Arrays.copyOf(ts.values(), n);
    Arrays.sort(sorted);
    String span = "the column spans " + Times.text(sorted[0]) + " to " + Times.text(sorted[n - 1]);
    long cut;
    List<String> notes;
    if (cutoff.isPresent()) {
      cut = Times.micros(cutoff.get());
      UserException.require(
          sorted[0] < cut,
          "no rows before %s in column '%s' (train would be empty); %s",
          Times.text(cut),
          column,
          span);
      UserException.require(
          sorted[n - 1] >= cut,
          "no rows at or after %s in column '%s' (test would be empty); %s",
          Times.text(cut),
          column,
          span);
      notes = List.of();
    } else {
      cut = quantileCut(sorted, Rows.testRows(n, testFraction), span);
      notes =
          List.of(
              "no cut-off given: cut at "
                  + Times.text(cut)
                  + ", the boundary between timestamps nearest to "
                  + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * testFraction)
                  + " of rows at or after it");
    }
    BitSet test = new BitSet(n);
    for (int r = 0; r < n; r++) {
      if (ts.value(r) >= cut) {
        test.set(r);
      }
    }
    return SplitResult.of(n, test, notes);
  }

  /**
   * The cut that leaves nearest {@code target} rows at or after it: either the timestamp of the
   * target-th latest row or the next later one, whichever is nearer, as equal timestamps must stay
   * together.
   */
  private long quantileCut(long[] sorted, int target, String span) {
    int n = sorted.length;
    long v = sorted[n - target];
    int lo = lowerBound(sorted, v);
    int hi = upperBound(sorted, v);
    int testAtV = n - lo;
    int testAfterV = n - hi;
    boolean vWorks = lo > 0;
    boolean afterWorks = hi < n;
    UserException.require(
        vWorks || afterWorks,
        "every row of column '%s' has the same time (%s); a time split needs at least two",
        column,
        Times.text(v));
    if (vWorks && (!afterWorks || Math.abs(testAtV - target) <= Math.abs(testAfterV - target))) {
      return v;
    }
    return sorted[hi];
  }

  /** The first index holding {@code value} or more. */
  private static int lowerBound(long[] sorted, long value) {
    return search(sorted, value, false);
  }

  /** The first index holding more than {@code value}. */
  private static int upperBound(long[] sorted, long value) {
    return search(sorted, value, true);
  }

  private static int search(long[] sorted, long value, boolean past) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value || (past && sorted[mid] == value)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private LongColumn timestamps(Frame frame) {
    Column c = frame.column(column);
    UserException.require(
        c.type() == ColumnType.TIMESTAMP,
        "column '%s' is %s; a time split needs a timestamp column (a date or date-time; declare"
            + " it 'type: timestamp' in a schema file if it was read as text)",
        column,
        c.type().key());
    int nulls = c.nullCount();
    UserException.require(
        nulls == 0,
        "column '%s' has %,d %s without a timestamp; a time split needs a time on every row"
            + " (drop or fill them first)",
        column,
        nulls,
        nulls == 1 ? "row" : "rows");
    return (LongColumn) c;
  }

  @Override
  public String spec() {
    return "time:" + column + cutoff.map(c -> "@" + c).orElse("");
  }
}
