package dev.kiln.serve.model;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.kiln.core.frame.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The request most clients send to {@code /invocations}, read straight from its bytes: {@code
 * {"dataframe_split": {"columns": [names], "data": [[numbers], ...]}}} (any whitespace between
 * tokens) for a model whose named inputs are all numbers.
 *
 * <p>Why: for a one-row request, creating a Jackson parser, decoding thirty column names into
 * strings and looking each up cost more than the trees (profiled: about a third of the request's
 * CPU). Here the column list is compared byte for byte with the one the model last saw, and numbers
 * are converted where they lie. Anything else — other keys ({@code index}, {@code params}), another
 * order, escapes or non-ASCII in names, a string, boolean or null among the values, an unknown,
 * repeated or missing column, a row of the wrong width, malformed JSON — returns {@code null}, and
 * {@link InvocationsJson} reads the body, so every answer and every error message is the general
 * parser's.
 *
 * <p>Numbers come out as the general path makes them: an integer token is a {@code long} made a
 * double; a decimal with at most 18 significant digits and a power of ten within ±22 is one exact
 * multiplication or division of two exact doubles, hence correctly rounded (Clinger, "How to Read
 * Floating Point Numbers Accurately", PLDI 1990); others go to Jackson's correctly rounded parser.
 */
final class SplitBytes {
  private static final byte[] SPLIT = bytes("\"dataframe_split\"");
  private static final byte[] COLUMNS = bytes("\"columns\"");
  private static final byte[] DATA = bytes("\"data\"");
  private static final double[] POW10 = new double[23];
  private static final long EXACT = 1L << 53;

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** The column list a model last saw (its bytes between the brackets) and its fields. */
  static final class Columns {
    private final byte[] text;
    private final InputField[] fields;

    Columns(byte[] text, InputField[] fields) {
      this.text = text;
      this.fields = fields;
    }
  }

  private final byte[] b;
  private final int end;
  private int pos;

  /** Whether the last number read had neither fraction nor exponent. */
  private boolean integer;

  private SplitBytes(byte[] body, int length) {
    this.b = body;
    this.end = length;
  }

  /** The rows of the request's body, or null when the general parser must read it. */
  static Batch parse(ServedModel model, dev.kiln.serve.Request request) {
    // A copy costs less than a buffer kept per thread (a ThreadLocal lookup was 5% of a 1-row
    // request) and than reading the server's buffer a byte at a time through its checks.
    byte[] body = request.body();
    return parse(model, body, body.length);
  }

  /** The rows of {@code body[0, length)}, or null when the general parser must read it. */
  static Batch parse(ServedModel model, byte[] body, int length) {
    return new SplitBytes(body, length).batch(model);
  }

  private Batch batch(ServedModel model) {
    skip();
    if (!next('{')
        || !literal(SPLIT)
        || !colon()
        || !next('{')
        || !literal(COLUMNS)
        || !colon()
        || !next('[')) {
      return null;
    }
    InputField[] fields = columns(model);
    if (fields == null || !next(',') || !literal(DATA) || !colon() || !next('[')) {
      return null;
    }
    int width = model.inputs().size();
    List<Object[]> rows = new ArrayList<>();
    NumberText text = new NumberText(width, end);
    do {
      if (!next('[')) {
        return null;
      }
      Object[] row = new Object[width];
      for (int c = 0; c < fields.length; c++) {
        if (c > 0 && !next(',')) {
          return null;
        }
        skip();
        int from = pos;
        double v = number();
        if (pos < 0) {
          return null;
        }
        row[fields[c].position()] = v;
        text.keep(b, from, pos - from, integer, rows.size(), fields[c].position(), v);
      }
      if (!next(']')) {
        return null;
      }
      rows.add(row);
    } while (next(','));
    if (pos < 0 || !next(']') || !next('}') || !next('}')) {
      return null;
    }
    skip();
    return pos == end ? new Batch(model, rows, text) : null;
  }

  /**
   * The fields of the column list the parser is in (just past its '['), from the model's cache when
   * the bytes are the ones it saw last; null when the general parser must read the request.
   */
  private InputField[] columns(ServedModel model) {
    int start = pos;
    int close = listEnd();
    if (close < 0) {
      return null;
    }
    pos = close + 1;
    Columns seen = model.splitColumns();
    if (seen != null && Arrays.equals(seen.text, 0, seen.text.length, b, start, close)) {
      return seen.fields;
    }
    InputField[] fields = fields(model, start, close);
    if (fields != null) {
      model.splitColumns(new Columns(Arrays.copyOfRange(b, start, close), fields));
    }
    return fields;
  }

  /** The index of the ']' that closes a list of plain ASCII strings, or -1. */
  private int listEnd() {
    int i = pos;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        i++;
        while (i < end && b[i] != '"') {
          if (b[i] == '\\' || b[i] < 0x20) { // also every byte of a non-ASCII character (< 0)
            return -1;
          }
          i++;
        }
      } else if (c == ']') {
        return i;
      }
      i++;
    }
    return -1;
  }

  /** Reads the names in {@code b[start, close)}; null unless each is a numeric input, once. */
  private InputField[] fields(ServedModel model, int start, int close) {
    List<InputField> named = new ArrayList<>();
    boolean[] given = new boolean[model.inputs().size()];
    pos = start;
    if (next(']')) {
      return null;
    }
    do {
      skip();
      if (pos >= close || b[pos] != '"') {
        return null;
      }
      int from = ++pos;
      while (b[pos] != '"') {
        pos++;
      }
      InputField f = model.input(new String(b, from, pos - from, StandardCharsets.US_ASCII));
      pos++;
      if (f == null || f.type() != ColumnType.FLOAT || given[f.position()]) {
        return null;
      }
      given[f.position()] = true;
      named.add(f);
    } while (next(','));
    if (pos < 0 || !next(']') || pos != close + 1) {
      return null;
    }
    for (InputField f : model.inputs()) {
      if (!given[f.position()] && !f.nullable()) {
        return null;
      }
    }
    return named.toArray(new InputField[0]);
  }

  /**
   * The JSON number at {@code pos}, as the general parser would give it; sets {@code pos} to -1
   * when there is none (or one the general path must judge).
   */
  private double number() {
    int start = pos;
    boolean negative = pos < end && b[pos] == '-';
    if (negative) {
      pos++;
    }
    long m = 0;
    int digits = 0; // significant digits in m
    int scale = 0; // the value is m * 10^scale
    int intStart = pos;
    while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
      int d = b[pos++] - '0';
      if (digits < 18) {
        m = m * 10 + d;
        if (m != 0) {
          digits++;
        }
      } else {
        scale++;
        digits++;
      }
    }
    int intDigits = pos - intStart;
    if (intDigits == 0 || intDigits > 1 && b[intStart] == '0') {
      return fail();
    }
    integer = true;
    if (pos < end && b[pos] == '.') {
      integer = false;
      int fracStart = ++pos;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        int d = b[pos++] - '0';
        if (digits < 18) {
          m = m * 10 + d;
          scale--;
          if (m != 0) {
            digits++;
          }
        } else {
          digits++;
        }
      }
      if (pos == fracStart) {
        return fail();
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      integer = false;
      pos++;
      boolean down = pos < end && b[pos] == '-';
      if (pos < end && (b[pos] == '-' || b[pos] == '+')) {
        pos++;
      }
      int expStart = pos;
      int exp = 0;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        exp = Math.min(exp * 10 + b[pos++] - '0', 100_000);
      }
      if (pos == expStart) {
        return fail();
      }
      scale += down ? -exp : exp;
    }
    if (integer) {
      // The general parser reads an integer token as a long (Values makes it a double); longer
      // ones, which it reads as big integers, are left to it.
      return digits <= 18 ? (double) (negative ? -m : m) : fail();
    }
    if (digits <= 18 && m < EXACT && scale >= -22 && scale <= 22) {
      double v = scale >= 0 ? m * POW10[scale] : m / POW10[-scale];
      return negative ? -v : v;
    }
    if (pos - start > 100) {
      return fail();
    }
    double v =
        NumberInput.parseDouble(new String(b, start, pos - start, StandardCharsets.US_ASCII), true);
    return Double.isInfinite(v) ? fail() : v; // out of range: the general parser's call
  }

  private double fail() {
    pos = -1;
    return 0;
  }

  /** Skips whitespace, then consumes {@code c} if it is next; false (and -1) otherwise. */
  private boolean next(char c) {
    if (pos < 0) {
      return false;
    }
    skip();
    if (pos < end && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean colon() {
    return next(':');
  }

  private boolean literal(byte[] text) {
    if (pos < 0) {
      return false;
    }
    skip();
    if (end - pos < text.length
        || !Arrays.equals(text, 0, text.length, b, pos, pos + text.length)) {
      pos = -1;
      return false;
    }
    pos += text.length;
    return true;
  }

  private void skip() {
    while (pos >= 0 && pos < end) {
      byte c = b[pos];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
