package dev.kiln.core.frame;

import java.util.Arrays;
import java.util.BitSet;

/** An INTEGER column, or a TIMESTAMP column holding microseconds since the epoch (UTC). */
public record LongColumn(String name, ColumnType type, long[] values, BitSet nulls, int size)
    implements Column {
  public LongColumn {
    if (type != ColumnType.INTEGER && type != ColumnType.TIMESTAMP) {
      throw new IllegalArgumentException("a LongColumn holds integer or timestamp but was " + type);
    }
  }

  @Override
  public boolean isNull(int row) {
    return nulls.get(row);
  }

  @Override
  public int nullCount() {
    return nulls.cardinality();
  }

  public long value(int row) {
    return values[row];
  }

  @Override
  public Object get(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public LongColumn take(int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return new LongColumn(name, type, out, Nulls.take(nulls, rows), rows.length);
  }

  @Override
  public LongColumn rename(String newName) {
    return new LongColumn(newName, type, values, nulls, size);
  }

  /** Appends values one at a time; grows as needed. */
  public static final class Builder {
    private final String name;
    private final ColumnType type;
    private long[] values;
    private final BitSet nulls = new BitSet();
    private int size;

    public Builder(String name, ColumnType type, int capacity) {
      this.name = name;
      this.type = type;
      this.values = new long[Math.max(capacity, 16)];
    }

    public void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    public void addNull() {
      nulls.set(size);
      add(0L);
    }

    public LongColumn build() {
      return new LongColumn(name, type, Arrays.copyOf(values, size), nulls, size);
    }
  }
}
