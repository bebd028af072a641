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
 */
final class NumberText {
  private final int width;
  private char[] chars;
  private int used;

  /**
   * Per value (row * width + position): where its text starts, times 256, plus its length (0: not
   * kept); a text of 256 characters or more, or starting beyond 2^23, is not kept.
   */
  private int[] span;

  /** For rows of {@code width} inputs, from a body of about {@code length} characters (or 0). */
  NumberText(int width, int length) {
    this.width = width;
    // the numbers' text is at most the body's, but for the ".0" given to integers
    this.chars = new char[Math.max(256, length)];
    this.span = new int[width]; // one row's; grown as rows arrive
  }

  /**
   * Keeps the text of the parser's current token as row {@code row}'s value at {@code position},
   * when it is a finite number read as the double {@code value}.
   */
  void keep(JsonParser p, int row, int position, double value) throws IOException {
    JsonToken t = p.currentToken();
    if (!Double.isFinite(value)
        || (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT)) {
      return;
    }
    int n = p.getTextLength();
    char[] token = p.getTextCharacters();
    int from = p.getTextOffset();
    if (Math.abs(value) < Double.MIN_NORMAL && (value != 0 || hasExponent(token, from, n))) {
      return; // an underflow such as 1e-400: the formatted double says what was read
    }
    int first = reserve(row, position, n);
    if (first >= 0) {
      System.arraycopy(token, from, chars, used, n);
      finish(row, position, first, n, t == JsonToken.VALUE_NUMBER_INT);
    }
  }

  /**
   * {@link #keep(JsonParser, int, int, double)} for a number read from bytes: the text is {@code
   * body[from, from + n)}, a JSON number ({@code integer} when it has neither fraction nor
   * exponent).
   */
  void keep(byte[] body, int from, int n, boolean integer, int row, int position, double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (Math.abs(value) < Double.MIN_NORMAL
        && (value != 0 || !integer && hasExponent(body, from, n))) {
      return; // an underflow such as 1e-400: the formatted double says what was read
    }
    int first = reserve(row, position, n);
    if (first >= 0) {
      for (int i = 0; i < n; i++) {
        chars[used + i] = (char) body[from + i]; // a JSON number is ASCII
      }
      finish(row, position, first, n, integer);
    }
  }

  /** Room for a text of {@code n} characters (and ".0"); its start, or -1 when not kept. */
  private int reserve(int row, int position, int n) {
    if (n > 253 || used >= 1 << 23) {
      return -1;
    }
    int at = row * width + position;
    if (at >= span.length) {
      span = Arrays.copyOf(span, Math.max(at + 1, 2 * span.length));
    }
    if (used + n + 2 > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(used + n + 2, 2 * chars.length));
    }
    return used;
  }

  private void finish(int row, int position, int first, int n, boolean integer) {
    used += n;
    if (integer) {
      chars[used++] = '.';
      chars[used++] = '0';
    }
    span[row * width + position] = first << 8 | (used - first);
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

  /** The characters {@link #start} and {@link #length} point into. */
  char[] chars() {
    return chars;
  }

  /** Where the text of row {@code row}'s value at {@code position} starts in {@link #chars}. */
  int start(int row, int position) {
    return span[row * width + position] >>> 8;
  }

  /** The length of that text; 0 when none was kept. */
  int length(int row, int position) {
    int at = row * width + position;
    return at < span.length ? span[at] & 0xff : 0;
  }
}
