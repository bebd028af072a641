package dev.kiln.core.frame;

import java.util.BitSet;

/** A BOOLEAN column: a bit per row for the value and one for null. */
public record BooleanColumn(String name, BitSet values, BitSet nulls, int size) implements Column {
  @Override
  public ColumnType type() {
    return ColumnType.BOOLEAN;
  }

  @Override
  public boolean isNull(int row) {
    return nulls.get(row);
  }

  @Override
  public int nullCount() {
    return nulls.cardinality();
  }

  public boolean value(int row) {
    return values.get(row);
  }

  @Override
  public Object get(int row) {
    return isNull(row) ? null : values.get(row);
  }

  @Override
  public BooleanColumn take(int[] rows) {
    return new BooleanColumn(name, Nulls.take(values, rows), Nulls.take(nulls, rows), rows.length);
  }

  @Override
  public BooleanColumn rename(String newName) {
    return new BooleanColumn(newName, values, nulls, size);
  }

  /** Appends values one at a time. */
  public static final class Builder {
    private final String name;
    private final BitSet values = new BitSet();
    private final BitSet nulls = new BitSet();
    private int size;

    public Builder(String name) {
      this.name = name;
    }

    public void add(boolean v) {
      values.set(size++, v);
    }

    public void addNull() {
      nulls.set(size++);
    }

    public BooleanColumn build() {
      return new BooleanColumn(name, values, nulls, size);
    }
  }
}
