package dev.kiln.data.validate;

/**
 * One way the data breaks a rule.
 *
 * @param rule the rule's kind ("type", "range", "check", ...)
 * @param column the column at fault, or null for a rule about the whole table or a check
 * @param check the check's name for a {@code check} rule, else null
 * @param row the 0-based row index, or null for a rule about the whole table or column
 * @param line the physical line of the row in a CSV, TSV or JSON lines file, else null
 * @param value the value at fault as text (null when the value is missing)
 * @param message what is wrong, in a sentence
 */
public record Violation(
    String rule, String column, String check, Long row, Long line, String value, String message) {

  Violation atLine(Long newLine) {
    return new Violation(rule, column, check, row, newLine, value, message);
  }
}
