package dev.kiln.testing;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Small frames for tests: a seeded generator of realistic rows, and columns from literals. */
public final class SampleFrames {
  /** 2025-01-01T00:00:00Z in microseconds since the epoch. */
  public static final long START_MICROS = 1_735_689_600_000_000L;

  private static final long DAY_MICROS = 86_400_000_000L;

  private SampleFrames() {}

  /**
   * {@code rows} payments in random time order: {@code id} (integer, 0…), {@code customer}
   * (categorical, about one customer per 8 rows with uneven counts), {@code label} (categorical:
   * "ok" about 80%, "fraud" about 15%, "review" about 4%, missing about 1%), {@code amount} (float,
   * about 5% missing) and {@code ts} (timestamp, whole seconds over 180 days from 2025-01-01). The
   * same arguments give the same frame.
   */
  public static Frame payments(int rows, long seed) {
    Random random = new Random(seed);
    LongColumn.Builder id = new LongColumn.Builder("id", ColumnType.INTEGER, rows);
    StringColumn.Builder customer =
        new StringColumn.Builder("customer", ColumnType.CATEGORICAL, rows);
    StringColumn.Builder label = new StringColumn.Builder("label", ColumnType.CATEGORICAL, rows);
    DoubleColumn.Builder amount = new DoubleColumn.Builder("amount", rows);
    LongColumn.Builder ts = new LongColumn.Builder("ts", ColumnType.TIMESTAMP, rows);
    int customers = Math.max(2, rows / 8);
    for (int r = 0; r < rows; r++) {
      id.add(r);
      // squaring skews the draw so that some customers have many more rows than others
      double u = random.nextDouble();
      customer.add("c" + (int) (u * u * customers));
      double l = random.nextDouble();
      label.add(l < 0.01 ? null : l < 0.81 ? "ok" : l < 0.96 ? "fraud" : "review");
      if (random.nextDouble() < 0.05) {
        amount.addNull();
      } else {
        amount.add(Math.round(Math.exp(3 + random.nextGaussian()) * 100) / 100.0);
      }
      ts.add(
          START_MICROS + (long) (random.nextDouble() * 180 * DAY_MICROS) / 1_000_000 * 1_000_000);
    }
    return new Frame(
        List.of(id.build(), customer.build(), label.build(), amount.build(), ts.build()));
  }

  /** A categorical column holding the given values; null is a missing value. */
  public static StringColumn categorical(String name, String... values) {
    StringColumn.Builder b = new StringColumn.Builder(name, ColumnType.CATEGORICAL, values.length);
    for (String v : values) {
      b.add(v);
    }
    return b.build();
  }

  /** An integer column holding the given values. */
  public static LongColumn integers(String name, long... values) {
    LongColumn.Builder b = new LongColumn.Builder(name, ColumnType.INTEGER, values.length);
    for (long v : values) {
      b.add(v);
    }
    return b.build();
  }

  /** A timestamp column holding the given instants; null is a missing value. */
  public static LongColumn timestamps(String name, Instant... values) {
    LongColumn.Builder b = new LongColumn.Builder(name, ColumnType.TIMESTAMP, values.length);
    for (Instant v : values) {
      if (v == null) {
        b.addNull();
      } else {
        b.add(v.getEpochSecond() * 1_000_000L + v.getNano() / 1000);
      }
    }
    return b.build();
  }
}
