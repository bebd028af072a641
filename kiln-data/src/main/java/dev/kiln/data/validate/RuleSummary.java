package dev.kiln.data.validate;

/**
 * How often one rule was broken.
 *
 * @param rule the rule's kind
 * @param column the column it is about, or null
 * @param check the check's name for a {@code check} rule, else null
 * @param violations how many times it was broken in the whole file
 * @param listed how many of those the report lists
 */
public record RuleSummary(String rule, String column, String check, long violations, long listed) {
  /** The rule as people name it: "range of 'amount'", "check 'positive'", "row_count". */
  public String target() {
    if (check != null) {
      return "check '" + check + "'";
    }
    return column == null ? "table" : "column '" + column + "'";
  }
}
