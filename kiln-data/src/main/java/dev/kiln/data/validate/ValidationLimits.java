package dev.kiln.data.validate;

/**
 * How much of a validation to list. Counts always cover every violation; only the listing is
 * capped.
 *
 * @param maxPerRule violations listed per rule, 0 for all
 */
public record ValidationLimits(int maxPerRule) {
  public static final int DEFAULT_MAX_PER_RULE = 100;

  public ValidationLimits {
    if (maxPerRule < 0) {
      throw new dev.kiln.core.UserException(
          "--max-per-rule must be 0 (list all) or more but was " + maxPerRule);
    }
  }

  public static ValidationLimits defaults() {
    return new ValidationLimits(DEFAULT_MAX_PER_RULE);
  }

  /** The SQL LIMIT for a listing: all rows when unlimited. */
  String sqlLimit() {
    return maxPerRule == 0 ? "" : " LIMIT " + maxPerRule;
  }
}
