package dev.kiln.serve.model;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Reads one JSON number from bytes as Jackson's parser reads it, for the parsers that read the
 * common request bodies straight from their bytes ({@link SplitBytes}, {@link InferBytes}): an
 * integer token is a {@code long} ({@link #whole}); any other is a double ({@link #value}),
 * correctly rounded. A decimal of at most 18 significant digits and a power of ten within ±22 is
 * one exact multiplication or division of two exact doubles, hence correctly rounded (Clinger, "How
 * to Read Floating Point Numbers Accurately", PLDI 1990); the rest go to Jackson's own parser.
 *
 * <p>{@link #read} refuses (false) what the general parser must judge: text that is not a JSON
 * number, a number over 64 characters, an integer of more than 18 digits (a long or a big integer:
 * Jackson decides). One instance per parser; it is reused for every number.
 */
final class JsonNumber {
  private static final double[] POW10 = new double[23];
  private static final long EXACT = 1L << 53;

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** The index just past the number read. */
  int end;

  /** Whether it had neither fraction nor exponent: then its value is {@link #whole}. */
  boolean integer;

  long whole;
  double value;
  private char[] chars;

  /** Reads the number that starts at {@code b[from]} (the text ends at {@code limit}). */
  boolean read(byte[] b, int from, int limit) {
    int i = from;
    boolean negative = i < limit && b[i] == '-';
    if (negative) {
      i++;
    }
    long m = 0;
    int significant = 0; // digits in m, leading zeros aside
    boolean exact = true;
    int scale = 0; // the value is m * 10^scale
    int intStart = i;
    while (i < limit && digit(b[i])) {
      int d = b[i++] - '0';
      if (m != 0 || d != 0) {
        significant++;
      }
      if (significant <= 18) {
        m = m * 10 + d;
      } else {
        exact = false;
      }
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || intDigits > 1 && b[intStart] == '0') {
      return false;
    }
    integer = true;
    if (i < limit && b[i] == '.') {
      integer = false;
      int fracStart = ++i;
      while (i < limit && digit(b[i])) {
        int d = b[i++] - '0';
        if (m != 0 || d != 0) {
          significant++;
        }
        if (significant <= 18) {
          m = m * 10 + d;
          scale--;
        } else if (d != 0) {
          exact = false; // a zero past the 18th digit changes nothing
        }
      }
      if (i == fracStart) {
        return false;
      }
    }
    if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
      integer = false;
      i++;
      boolean down = i < limit && b[i] == '-';
      if (i < limit && (b[i] == '-' || b[i] == '+')) {
        i++;
      }
      int expStart = i;
      int e = 0;
      while (i < limit && digit(b[i]) && i - expStart < 5) {
        e = e * 10 + b[i++] - '0';
      }
      if (i == expStart) {
        return false;
      }
      while (i < limit && digit(b[i])) { // an exponent of 5 digits or more: not exact
        exact = false;
        i++;
      }
      scale += down ? -e : e;
    }
    if (i - from > 64) {
      return false;
    }
    end = i;
    if (integer) {
      whole = negative ? -m : m;
      return intDigits <= 18;
    }
    if (exact && m <= EXACT && scale >= -22 && scale <= 22) {
      double v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
      value = negative ? -v : v;
      return true;
    }
    int n = i - from;
    if (chars == null || chars.length < n) {
      chars = new char[Math.max(n, 64)];
    }
    for (int k = 0; k < n; k++) {
      chars[k] = (char) b[from + k];
    }
    value = NumberInput.parseDouble(chars, 0, n, true);
    return true;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }
}
