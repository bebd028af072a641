package dev.kiln.serve.model;

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
 * <p>Numbers come out as the general path makes them ({@link JsonNumber}): an integer token is a
 * {@code long} made a double, any other a correctly rounded double.
 */
final class SplitBytes {
  private static final byte[] SPLIT = bytes("\"dataframe_split\"");
  private static final byte[] COLUMNS = bytes("\"columns\"");
  private static final byte[] DATA = bytes("\"data\"");

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

  private final JsonNumber number = new JsonNumber();

  private SplitBytes(byte[] body, int length) {
    this.b = body;
    this.end = length;
  }

  /** The rows of the request's body, or null when the general parser must read it. */
  static Batch parse(ServedModel model, dev.kiln.serve.Request request) {
    // A copy of its own: the batch's number text points into it until the log has written it.
    // (A buffer kept per thread cost the same CPU in ServeAB, and could not be kept by the log.)
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
    int k = fields.length;
    double[] values = new double[k * Math.max(1, end / (8 * k + 2))]; // row-major, request order
    int n = 0;
    NumberText text = NumberText.over(b, width);
    do {
      if (!next('[')) {
        return null;
      }
      if ((n + 1) * k > values.length) {
        values = Arrays.copyOf(values, 2 * (n + 1) * k);
      }
      for (int c = 0; c < k; c++) {
        if (c > 0 && !next(',')) {
          return null;
        }
        skip();
        int from = pos;
        if (pos < 0 || !number.read(b, from, end)) {
          return null;
        }
        // an integer token is a long to the general parser, made a double for a float input
        double v = number.integer ? (double) number.whole : number.value;
        if (Double.isInfinite(v)) {
          return null; // out of range: the general parser's call
        }
        pos = number.end;
        values[n * k + c] = v;
        text.keep(from, pos - from, number.integer, n, fields[c].position(), v);
      }
      if (!next(']')) {
        return null;
      }
      n++;
    } while (next(','));
    if (pos < 0 || !next(']') || !next('}') || !next('}')) {
      return null;
    }
    skip();
    if (pos != end) {
      return null;
    }
    double[][] columns = new double[width][];
    for (int c = 0; c < k; c++) {
      double[] column = new double[n];
      for (int r = 0; r < n; r++) {
        column[r] = values[r * k + c];
      }
      columns[fields[c].position()] = column;
    }
    return Batch.ofColumns(model, columns, n, text);
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
