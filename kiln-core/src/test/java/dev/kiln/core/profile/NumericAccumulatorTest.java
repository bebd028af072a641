package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericAccumulatorTest {
  @Test
  void countsNegativeZeroAndZeroAsOneValue() {
    DoubleColumn.Builder b = new DoubleColumn.Builder("x", 4);
    b.add(0.0);
    b.add(-0.0);
    b.add(1.5);
    ColumnProfile c = profile(b.build());

    assertThat(c.distinct()).isEqualTo(2);
    assertThat(c.numbers().zeros()).isEqualTo(2);
    assertThat(c.histogram().labels()).containsExactly("0", "1.5");
    assertThat(c.histogram().counts()).containsExactly(2L, 1L);
  }

  @Test
  void binCountsSumToTheNumberOfFiniteValuesWhenTheSketchIsApproximate() {
    DoubleColumn.Builder b = new DoubleColumn.Builder("x", 100_000);
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 100_000; i++) {
      b.add(random.nextGaussian());
    }
    b.add(Double.NaN);
    b.addNull();
    ColumnProfile c = profile(b.build());

    assertThat(c.histogram().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000);
    assertThat(c.histogram().edges()).hasSize(NumericAccumulator.BINS + 1);
  }

  @Test
  void columnOfOnlyNullsAndNaNHasNoSummaryButCountsThem() {
    DoubleColumn.Builder b = new DoubleColumn.Builder("x", 3);
    b.addNull();
    b.add(Double.NaN);
    b.add(Double.POSITIVE_INFINITY);
    ColumnProfile c = profile(b.build());

    assertThat(c.type()).isEqualTo(ColumnType.FLOAT.key());
    assertThat(c.nulls()).isEqualTo(1);
    assertThat(c.numbers().nan()).isEqualTo(1);
    assertThat(c.numbers().infinite()).isEqualTo(1);
    assertThat(c.numbers().mean()).isNull();
    assertThat(c.numbers().quantiles()).isNull();
    assertThat(c.histogram()).isNull();
  }

  private static ColumnProfile profile(DoubleColumn column) {
    return Profiler.of(new Frame(List.of(column)), "t", Instant.EPOCH).columns().get(0);
  }
}
