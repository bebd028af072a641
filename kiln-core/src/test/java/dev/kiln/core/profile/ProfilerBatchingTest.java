package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.core.frame.Frame;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Profiling a dataset in one batch or in many gives the same profile and the same digest. */
class ProfilerBatchingTest {
  @Test
  void profileOfManySmallBatchesEqualsProfileOfOneBatch() {
    Frame frame = Fixtures.frame("mixed");

    Profile whole = Profiler.of(frame, "mixed.csv", Instant.EPOCH);
    Profile batched = batched(frame, 7);

    assertThat(batched.digest()).isEqualTo(whole.digest());
    assertThat(batched.rows()).isEqualTo(whole.rows());
    for (int c = 0; c < whole.columns().size(); c++) {
      ColumnProfile one = whole.columns().get(c);
      ColumnProfile many = batched.columns().get(c);
      if (one.numbers() != null && one.numbers().mean() != null) {
        // Merged means and variances may differ in the last bits; everything else is identical.
        assertThat(many.numbers().mean())
            .isCloseTo(one.numbers().mean(), within(1e-12 * scale(one)));
        assertThat(many.numbers().std()).isCloseTo(one.numbers().std(), within(1e-12 * scale(one)));
        many = withNumbersOf(many, one);
      }
      assertThat(many).as(one.name()).isEqualTo(one);
    }
  }

  @Test
  void digestDoesNotDependOnBatchSizeForLargerData() {
    Frame frame = Fixtures.frame("large");

    Profile whole = Profiler.of(frame, "large.csv", Instant.EPOCH);

    for (int rows : new int[] {1, 333, 4096}) {
      assertThat(batched(frame, rows).digest()).as("batches of " + rows).isEqualTo(whole.digest());
    }
  }

  static Profile batched(Frame frame, int batchRows) {
    Profiler profiler = new Profiler(frame.schema(), false);
    for (int start = 0; start < frame.rowCount(); start += batchRows) {
      int[] rows = IntStream.range(start, Math.min(start + batchRows, frame.rowCount())).toArray();
      profiler.add(frame.take(rows));
    }
    return profiler.finish("mixed.csv", Instant.EPOCH);
  }

  private static double scale(ColumnProfile c) {
    return Math.max(1, Math.max(Math.abs(c.numbers().min()), Math.abs(c.numbers().max())));
  }

  /** {@code c} with the mean and std of {@code reference}, so the rest can be compared exactly. */
  private static ColumnProfile withNumbersOf(ColumnProfile c, ColumnProfile reference) {
    var n = c.numbers();
    var r = reference.numbers();
    return new ColumnProfile(
        c.name(),
        c.type(),
        c.count(),
        c.nulls(),
        c.nullRate(),
        c.distinct(),
        new ColumnProfile.Numbers(
            n.min(),
            n.max(),
            r.mean(),
            r.std(),
            n.nan(),
            n.infinite(),
            n.zeros(),
            n.quantiles(),
            n.percentiles()),
        c.timestamps(),
        c.top(),
        c.lengths(),
        c.histogram());
  }
}
