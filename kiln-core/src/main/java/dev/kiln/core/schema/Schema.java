package dev.kiln.core.schema;

import dev.kiln.core.UserException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a dataset and the rules its rows must satisfy. An inferred schema has no rules; a
 * schema file adds them, and is what validation and every model records.
 */
public record Schema(List<Field> fields, List<Rule> rules) {
  public Schema {
    fields = List.copyOf(fields);
    rules = List.copyOf(rules);
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw new UserException("duplicate column name '" + f.name() + "'");
      }
    }
  }

  public Schema(List<Field> fields) {
    this(fields, List.of());
  }

  public Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }
}
