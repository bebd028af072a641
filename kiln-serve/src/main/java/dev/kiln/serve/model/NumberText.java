package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * The text of a request's numbers as they arrived, by row and input position, so the prediction log
 * copies a number instead of formatting its double again (formatting was most of the log writer's
 * time). Only finite numbers are kept, and an integer written for a float input gets {@code ".0"}:
 * every kept text is a JSON number that reads as the input's double, and a float column is never
 * read as integers by DuckDB.
 *
 * <p>The text is kept as bytes: numbers read by Jackson are copied (a JSON number is ASCII);
 * numbers read from the body's bytes ({@link SplitBytes}) are not copied at all, the body is kept
 * instead.
 */
final class NumberText {
  private final int width;
  private final boolean borrowed; // bytes is the request's body, not a copy
  private byte[] bytes;
  private int used;

  /**
   * Per value (row * width + position): where its text starts (times 512), whether it is an integer
   * to which ".0" is added (256), and its length (0: not kept); a text of 254 bytes or more, or
   * starting beyond 2^22, is not kept.
   */
  private int[] span;

  /** For rows of {@code width} inputs, from a body of about {@code length} bytes (or 0). */
  NumberText(int width, int length) {
    this(width, new byte[Math.max(256, length)], false);
  }

  private NumberText(int width, byte[] bytes, boolean borrowed) {
    this.width = width;
    this.bytes = bytes;
    this.borrowed = borrowed;
    this.span = new int[width]; // one row's; grown as rows arrive
  }

  /** Text kept as places in {@code body}, which must not change afterwards. */
  static NumberText over(byte[] body, int width) {
    return new NumberText(width, body, true);
  }

  /**
   * Keeps the text of the parser's current token as row {@code row}'s value at {@code position},
   * when it is a finite number read as the double {@code value}.
   */
  void keep(JsonParser p, int row, int position, double value) throws IOException {
    JsonToken t = p.currentToken();
    if (borrowed
        || !Double.isFinite(value)
        || (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT)) {
      return;
    }
    int n = p.getTextLength();
    char[] token = p.getTextCharacters();
    int from = p.getTextOffset();
    if (Math.abs(value) < Double.MIN_NORMAL && (value != 0 || hasExponent(token, from, n))) {
      return; // an underflow such as 1e-400: the formatted double says what was read
    }
    if (n > 253
        || used >= 1 << 22
        || t == JsonToken.VALUE_NUMBER_INT && token[from] == '-' && value == 0) {
      return; // "-0" is the integer 0, read as 0.0: "-0.0" would read as -0.0
    }
    if (used + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(used + n, 2 * bytes.length));
    }
    for (int i = 0; i < n; i++) {
      bytes[used + i] = (byte) token[from + i]; // a JSON number is ASCII
    }
    record(row, position, used, n, t == JsonToken.VALUE_NUMBER_INT);
    used += n;
  }

  /**
   * {@link #keep(JsonParser, int, int, double)} for a number read from the body this text is {@link
   * #over}: its text is {@code body[from, from + n)}, a JSON number ({@code integer} when it has
   * neither fraction nor exponent).
   */
  void keep(int from, int n, boolean integer, int row, int position, double value) {
    if (!borrowed || !Double.isFinite(value) || n > 253 || from >= 1 << 22) {
      return;
    }
    if (integer && value == 0 && bytes[from] == '-') {
      return; // "-0" is the integer 0, read as 0.0: "-0.0" would read as -0.0
    }
    if (Math.abs(value) < Double.MIN_NORMAL
        && (value != 0 || !integer && hasExponent(bytes, from, n))) {
      return; // an underflow such as 1e-400: the formatted double says what was read
    }
    record(row, position, from, n, integer);
  }

  private void record(int row, int position, int from, int n, boolean integer) {
    int at = row * width + position;
    if (at >= span.length) {
      span = Arrays.copyOf(span, Math.max(at + 1, 2 * span.length));
    }
    span[at] = from << 9 | (integer ? 256 : 0) | n;
  }

  private static boolean hasExponent(byte[] token, int from, int n) {
    for (int i = from; i < from + n; i++) {
      if (token[i] == 'e' || token[i] == 'E') {
        return true;
      }
    }
    return false;
  }

  private static boolean hasExponent(char[] token, int from, int n) {
    for (int i = from; i < from + n; i++) {
      if (token[i] == 'e' || token[i] == 'E') {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the text of row {@code row}'s value at {@code position} into {@code into} from {@code
   * at} (256 bytes of room) and answers its length; 0 when none was kept.
   */
  int copy(int row, int position, byte[] into, int at) {
    int i = row * width + position;
    int s = i < span.length ? span[i] : 0;
    int n = s & 0xff;
    if (n == 0) {
      return 0;
    }
    System.arraycopy(bytes, s >>> 9, into, at, n);
    if ((s & 256) != 0) {
      into[at + n++] = '.';
      into[at + n++] = '0';
    }
    return n;
  }
}
