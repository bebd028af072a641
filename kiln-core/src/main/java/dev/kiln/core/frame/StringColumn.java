package dev.kiln.core.frame;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A CATEGORICAL or TEXT column: strings with null for a missing value (an empty string is a value).
 * Equal values share one String instance while the column has few distinct values.
 */
public record StringColumn(String name, ColumnType type, String[] values) implements Column {
  public StringColumn {
    if (!type.isString()) {
      throw new IllegalArgumentException(
          "a StringColumn holds categorical or text but was " + type);
    }
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean isNull(int row) {
    return values[row] == null;
  }

  @Override
  public int nullCount() {
    int n = 0;
    for (String v : values) {
      if (v == null) {
        n++;
      }
    }
    return n;
  }

  public String value(int row) {
    return values[row];
  }

  @Override
  public Object get(int row) {
    return values[row];
  }

  @Override
  public StringColumn take(int[] rows) {
    String[] out = new String[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return new StringColumn(name, type, out);
  }

  @Override
  public StringColumn rename(String newName) {
    return new StringColumn(newName, type, values);
  }

  /** The same strings typed as categorical or text. */
  public StringColumn withType(ColumnType newType) {
    return new StringColumn(name, newType, values);
  }

  /** Appends values one at a time, interning repeats until the distinct count passes a bound. */
  public static final class Builder {
    private static final int INTERN_LIMIT = 10_000;
    private final String name;
    private final ColumnType type;
    private String[] values;
    private Map<String, String> interned = new HashMap<>();
    private int size;

    public Builder(String name, ColumnType type, int capacity) {
      this.name = name;
      this.type = type;
      this.values = new String[Math.max(capacity, 16)];
    }

    public void add(String v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      if (v != null && interned != null) {
        String shared = interned.putIfAbsent(v, v);
        if (shared != null) {
          v = shared;
        } else if (interned.size() > INTERN_LIMIT) {
          interned = null;
        }
      }
      values[size++] = v;
    }

    public void addNull() {
      add(null);
    }

    public StringColumn build() {
      return new StringColumn(name, type, Arrays.copyOf(values, size));
    }
  }
}
