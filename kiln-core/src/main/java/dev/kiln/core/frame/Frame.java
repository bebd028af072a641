package dev.kiln.core.frame;

import dev.kiln.core.UserException;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Rows held in memory column by column. Immutable; operations return new frames. */
public final class Frame {
  private static final int PARALLEL_ROWS = 65_536;

  private final List<Column> columns;
  private final Map<String, Column> byName;
  private final int rowCount;

  public Frame(List<Column> columns) {
    this.columns = List.copyOf(columns);
    this.byName = new LinkedHashMap<>();
    int rows = columns.isEmpty() ? 0 : columns.get(0).size();
    for (Column c : columns) {
      if (byName.put(c.name(), c) != null) {
        throw new UserException("duplicate column name '" + c.name() + "'");
      }
      if (c.size() != rows) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has " + c.size() + " rows but the frame has " + rows);
      }
    }
    this.rowCount = rows;
  }

  public int rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columns.size();
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public boolean hasColumn(String name) {
    return byName.containsKey(name);
  }

  /** The named column; the error lists the columns there are. */
  public Column column(String name) {
    Column c = byName.get(name);
    if (c == null) {
      throw new UserException(
          "no column '" + name + "'; the columns are: " + String.join(", ", byName.keySet()));
    }
    return c;
  }

  /** The schema the columns have (nullable where a column holds a null). */
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (Column c : columns) {
      fields.add(Field.of(c.name(), c.type(), c.nullCount() > 0));
    }
    return new Schema(fields);
  }

  /** The given rows, in the given order. */
  public Frame take(int[] rows) {
    // columns are separate arrays: large takes copy them on all cores
    Stream<Column> each = columns.stream();
    return new Frame(
        (rows.length >= PARALLEL_ROWS ? each.parallel() : each).map(c -> c.take(rows)).toList());
  }

  /** The first {@code n} rows (or all, if there are fewer). */
  public Frame head(int n) {
    int[] rows = new int[Math.min(n, rowCount)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return take(rows);
  }

  /** This frame with one column replaced by another of the same name. */
  public Frame with(Column replacement) {
    List<Column> out = new ArrayList<>(columns);
    out.set(columns.indexOf(column(replacement.name())), replacement);
    return new Frame(out);
  }

  @Override
  public String toString() {
    return "Frame[" + rowCount + " rows x " + columns.size() + " columns " + columnNames() + "]";
  }
}
