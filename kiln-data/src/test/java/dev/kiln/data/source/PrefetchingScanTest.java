package dev.kiln.data.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.schema.Schema;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetchingScanTest {
  /** A source of {@code batches} one-row batches holding 0, 1, 2, ...; fails at {@code failAt}. */
  private static final class Counting implements Scan {
    final int batches;
    final int failAt;
    final AtomicInteger served = new AtomicInteger();
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean readAfterClose = new AtomicBoolean();

    Counting(int batches, int failAt) {
      this.batches = batches;
      this.failAt = failAt;
    }

    @Override
    public Schema schema() {
      return new Schema(List.of());
    }

    @Override
    public boolean stringTypesInferred() {
      return true;
    }

    @Override
    public Frame next() {
      if (closed.get()) {
        readAfterClose.set(true);
      }
      int i = served.getAndIncrement();
      if (i == failAt) {
        throw new UserException("data.csv line " + (i + 2) + ": expected 3 fields but found 2");
      }
      if (i >= batches) {
        return null;
      }
      double[] v = {i};
      return new Frame(List.of(new DoubleColumn("v", v, new BitSet(), 1)));
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void passesEveryBatchThroughInOrderThenTheEnd() {
    Counting source = new Counting(50, -1);
    List<Double> seen = new ArrayList<>();
    try (Scan scan = new PrefetchingScan(source)) {
      for (Frame f = scan.next(); f != null; f = scan.next()) {
        seen.add(((DoubleColumn) f.column("v")).value(0));
      }
      assertThat(scan.next()).isNull();
      assertThat(scan.stringTypesInferred()).isTrue();
    }
    assertThat(seen).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(seen.get(i)).isEqualTo(i);
    }
    assertThat(source.closed).isTrue();
  }

  @Test
  void rethrowsTheReadersErrorToTheCallerAfterTheBatchesBeforeIt() {
    Counting source = new Counting(50, 3);
    try (Scan scan = new PrefetchingScan(source)) {
      for (int i = 0; i < 3; i++) {
        assertThat(scan.next()).isNotNull();
      }
      assertThatThrownBy(scan::next)
          .isInstanceOf(UserException.class)
          .hasMessage("data.csv line 5: expected 3 fields but found 2");
    }
  }

  @Test
  void closingEarlyStopsTheReaderBeforeTheSourceIsClosed() {
    Counting source = new Counting(Integer.MAX_VALUE, -1);
    Scan scan = new PrefetchingScan(source);
    assertThat(scan.next()).isNotNull();
    scan.close();
    assertThat(source.closed).isTrue();
    assertThat(source.readAfterClose).isFalse();
    int served = source.served.get();
    assertThat(served).isLessThan(10);
  }
}
