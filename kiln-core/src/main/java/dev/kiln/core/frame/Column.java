package dev.kiln.core.frame;

/**
 * One named column of a {@link Frame}: values of one {@link ColumnType} with nulls. Numeric NaN is
 * a value, not a null.
 */
public sealed interface Column permits DoubleColumn, LongColumn, BooleanColumn, StringColumn {
  String name();

  ColumnType type();

  int size();

  boolean isNull(int row);

  int nullCount();

  /** The value at {@code row} boxed (Long, Double, Boolean, String; timestamps as epoch micros). */
  Object get(int row);

  /** A new column holding the given rows in the given order. */
  Column take(int[] rows);

  /** The same values under another name. */
  Column rename(String name);
}
