package dev.kiln.data.validate;

import dev.kiln.data.source.LineIndex;
import java.util.List;
import java.util.function.Function;

/**
 * A violation found but not yet placed: its line (and any line its message names, such as where a
 * repeated value was first seen) is looked up once for all violations, after every rule has run.
 */
record Pending(
    String rule,
    String column,
    String check,
    Long row,
    String value,
    List<Long> otherRows,
    Function<LineIndex, String> message) {

  static Pending ofTable(String rule, String column, String value, String message) {
    return new Pending(rule, column, null, null, value, List.of(), lines -> message);
  }

  Violation place(LineIndex lines) {
    return new Violation(
        rule,
        column,
        check,
        row,
        row == null ? null : lines.line(row),
        value,
        message.apply(lines));
  }
}
