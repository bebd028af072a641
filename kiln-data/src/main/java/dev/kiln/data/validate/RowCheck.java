package dev.kiln.data.validate;

import java.util.function.BiFunction;

/**
 * A rule checked row by row: a SQL predicate over {@link CheckedView} that is true where a row
 * breaks the rule.
 *
 * @param value SQL for the value shown in the report
 * @param detail SQL for what the message needs beyond the value (or "NULL")
 * @param message the message from the value and the detail
 */
record RowCheck(
    String rule,
    String column,
    String check,
    String predicate,
    String value,
    String detail,
    BiFunction<String, String, String> message) {

  RuleSummary summary(long violations, long listed) {
    return new RuleSummary(rule, column, check, violations, listed);
  }
}
