package dev.kiln.core.schema;

import dev.kiln.core.frame.ColumnType;
import java.util.List;
import java.util.Objects;

/**
 * One column of a schema: its name, type, whether nulls are allowed, and for a categorical column
 * the categories known when the schema was written (empty when not listed).
 */
public record Field(String name, ColumnType type, boolean nullable, List<String> categories) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a field name must not be empty");
    }
    categories = List.copyOf(categories);
  }

  public static Field of(String name, ColumnType type, boolean nullable) {
    return new Field(name, type, nullable, List.of());
  }
}
