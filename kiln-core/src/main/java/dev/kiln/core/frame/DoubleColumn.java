package dev.kiln.core.frame;

import java.util.Arrays;
import java.util.BitSet;

/** A FLOAT column: doubles with a null mask (NaN and infinities are values). */
public record DoubleColumn(String name, double[] values, BitSet nulls, int size) implements Column {
  @Override
  public ColumnType type() {
    return ColumnType.FLOAT;
  }

  @Override
  public boolean isNull(int row) {
    return nulls.get(row);
  }

  @Override
  public int nullCount() {
    return nulls.cardinality();
  }

  public double value(int row) {
    return values[row];
  }

  @Override
  public Object get(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public DoubleColumn take(int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return new DoubleColumn(name, out, Nulls.take(nulls, rows), rows.length);
  }

  @Override
  public DoubleColumn rename(String newName) {
    return new DoubleColumn(newName, values, nulls, size);
  }

  /** Appends values one at a time; grows as needed. */
  public static final class Builder {
    private final String name;
    private double[] values;
    private final BitSet nulls = new BitSet();
    private int size;

    public Builder(String name, int capacity) {
      this.name = name;
      this.values = new double[Math.max(capacity, 16)];
    }

    public void add(double v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    public void addNull() {
      nulls.set(size);
      add(Double.NaN);
    }

    public DoubleColumn build() {
      return new DoubleColumn(name, Arrays.copyOf(values, size), nulls, size);
    }
  }
}
