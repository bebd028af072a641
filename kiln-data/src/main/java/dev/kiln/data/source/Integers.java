package dev.kiln.data.source;

import java.math.BigDecimal;

/**
 * Strict integer parsing for columns a schema declares integer. DuckDB's CSV reader and casts round
 * 1.5 to 2; here a value must be a whole number ("7", "7.0", "7e2"), or it is refused.
 */
final class Integers {
  private Integers() {}

  /** The value as a long, or null when it is not a whole number that fits one. */
  static Long parse(String text) {
    String s = text.strip();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // not a plain integer; try a decimal or exponent form below
    }
    try {
      BigDecimal d = new BigDecimal(s);
      return d.stripTrailingZeros().scale() <= 0 ? d.longValueExact() : null;
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
