package dev.kiln.serve.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an Open Inference Protocol inference request of the common layout straight from its bytes:
 * {@code id}, {@code parameters}, {@code inputs} and {@code outputs}, fields in any order.
 *
 * <p>Why: for a one-row request Jackson's streaming parser spends most of its time on tokens that
 * carry no data (four field names, a datatype and a shape per column), and {@link InferRequest}'s
 * parser cost twice what MLflow's {@code dataframe_split} costs for the same row. This scanner
 * matches those tokens by their bytes. It reads a strict subset of JSON and answers {@code null}
 * for anything else — escapes or non-ASCII text in strings, NaN and Infinity, integers of more than
 * 18 digits, repeated or unknown fields, deep nesting, any syntax error — and the caller then
 * parses with {@link InferRequest#parse}, which words every error. What it reads it turns into the
 * tensors that parser would make, bound by the same {@link InferRequest#bind}, so the two cannot
 * disagree on a request they both read: the results, and the errors of binding, are the same by
 * construction.
 */
final class InferBytes {
  /** Thrown to give up on a body that is not of the common layout; no stack, no message. */
  private static final class Unusual extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusual() {
      super(null, null, false, false);
    }
  }

  private static final Unusual UNUSUAL = new Unusual();

  /**
   * Thrown in the columnar reading when a tensor is not a plain column of float numbers (another
   * datatype or shape, nested data, an input repeated or left out): the body is read again as
   * tensors, which holds any value and words every error.
   */
  private static final class NotColumnar extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotColumnar() {
      super(null, null, false, false);
    }
  }

  private static final NotColumnar NOT_COLUMNAR = new NotColumnar();

  private static final byte[] ID = ascii("\"id\"");
  private static final byte[] PARAMETERS = ascii("\"parameters\"");
  private static final byte[] INPUTS = ascii("\"inputs\"");
  private static final byte[] OUTPUTS = ascii("\"outputs\"");
  private static final byte[] NAME = ascii("\"name\"");
  private static final byte[] DATATYPE = ascii("\"datatype\"");
  private static final byte[] SHAPE = ascii("\"shape\"");
  private static final byte[] DATA = ascii("\"data\"");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");
  private static final byte[] FP64 = ascii("\"FP64\"");
  private static final byte[] BINARY = ascii("\"binary_data");
  private static final byte[] OUTPUT = ascii("_output");

  private final ServedModel model;
  private final byte[] b;
  private final int end;
  private int i;

  private final JsonNumber number = new JsonNumber();
  private final long[] dims = new long[4]; // a shape's, as read

  /**
   * Reading straight into columns: every tensor a float input's column, each number kept as a
   * double and its text as a place in the body (as {@link SplitBytes} does), no value boxed.
   */
  private final boolean columnar;

  private final double[][] columns;
  private final NumberText text;
  private int rows = -1;

  private InferBytes(ServedModel model, byte[] body, int length, boolean columnar) {
    this.model = model;
    this.b = body;
    this.end = length;
    this.columnar = columnar;
    int width = model.inputs().size();
    this.columns = columnar ? new double[width][] : null;
    this.text = columnar ? NumberText.over(body, width) : null;
  }

  /**
   * The request in {@code body[0, length)}, or null when it is not of the common layout (then parse
   * it with {@link InferRequest#parse}).
   */
  static InferRequest read(ServedModel model, byte[] body, int length) {
    try {
      if (model.floatInputs()) {
        try {
          return new InferBytes(model, body, length, true).request();
        } catch (NotColumnar e) {
          // a tensor the columns cannot hold: read as tensors, bound by the general rules
        }
      }
      return new InferBytes(model, body, length, false).request();
    } catch (Unusual e) {
      return null;
    }
  }

  private InferRequest request() {
    ws();
    expect('{');
    String id = null;
    List<InferRequest.Tensor> tensors = null;
    List<String> outputs = null;
    boolean parameters = false;
    ws();
    if (at() == '}') {
      throw UNUSUAL;
    }
    do {
      ws();
      if (match(INPUTS) && tensors == null) {
        colon();
        tensors = tensors();
      } else if (match(ID) && id == null) {
        colon();
        id = string();
      } else if (match(OUTPUTS) && outputs == null) {
        colon();
        outputs = outputs();
      } else if (match(PARAMETERS) && !parameters) {
        colon();
        parameters = true;
        binaryFree();
      } else {
        throw UNUSUAL; // an unknown or a repeated field
      }
      ws();
    } while (more('}'));
    if (tensors == null) {
      throw UNUSUAL;
    }
    ws();
    if (i != end) {
      throw UNUSUAL;
    }
    List<String> asked = outputs == null ? List.of() : outputs;
    if (columnar) {
      for (double[] column : columns) {
        if (column == null) {
          throw NOT_COLUMNAR; // an input left out: the general rules decide
        }
      }
      return new InferRequest(id, Batch.ofColumns(model, columns, rows, text), asked);
    }
    return new InferRequest(id, InferRequest.bind(model, tensors), asked);
  }

  /** {@code outputs}: the names asked for, each as {@code {"name": ..., "parameters": {...}}}. */
  private List<String> outputs() {
    expect('[');
    ws();
    if (at() == ']') {
      i++;
      return List.of();
    }
    List<String> names = new ArrayList<>(2);
    do {
      ws();
      expect('{');
      String name = null;
      boolean parameters = false;
      do {
        ws();
        if (match(NAME) && name == null) {
          colon();
          name = string();
        } else if (match(PARAMETERS) && !parameters) {
          colon();
          parameters = true;
          binaryFree();
        } else {
          throw UNUSUAL;
        }
        ws();
      } while (more('}'));
      if (name == null) {
        throw UNUSUAL;
      }
      names.add(name);
      ws();
    } while (more(']'));
    return names;
  }

  private List<InferRequest.Tensor> tensors() {
    expect('[');
    List<InferRequest.Tensor> tensors = new ArrayList<>(model.inputs().size());
    int index = 0;
    do {
      ws();
      if (columnar) {
        column(index++);
      } else {
        tensors.add(tensor(tensors.size()));
      }
      ws();
    } while (more(']'));
    return tensors;
  }

  /**
   * The bytes of a tensor up to its data, as a request last had them at one place of its inputs
   * list: {@code {"name": "x01", "datatype": "FP64", "shape": [1], "data": } with its spacing, and
   * what they said. A client sends the same heads request after request; the next body that has
   * these bytes there is not read again up to its data, only compared.
   */
  static final class Head {
    private final byte[] text;
    private final InputField field;
    private final String datatype;
    private final long[] dims;

    private Head(byte[] text, InputField field, String datatype, long[] dims) {
      this.text = text;
      this.field = field;
      this.datatype = datatype;
      this.dims = dims;
    }
  }

  /**
   * A tensor read as a float input's column: its name first, a float datatype, shape [n] or [n, 1],
   * {@code data} a flat list of n finite numbers, n the same for every tensor.
   */
  private void column(int index) {
    int start = i;
    Head[] heads = model.inferHeads();
    Head seen = index < heads.length ? heads[index] : null;
    InputField f;
    String datatype = null;
    int shape = -1; // the dimensions read into dims
    double[] data = null;
    boolean parameters = false;
    if (seen != null
        && Arrays.equals(
            seen.text, 0, seen.text.length, b, i, Math.min(end, i + seen.text.length))) {
      // the head the last request had here: its name, datatype and shape, then the data
      i += seen.text.length;
      f = seen.field;
      if (columns[f.position()] != null) {
        throw NOT_COLUMNAR;
      }
      datatype = seen.datatype;
      shape = seen.dims.length;
      System.arraycopy(seen.dims, 0, dims, 0, shape);
      data = data(f, shape);
    } else {
      expect('{');
      ws();
      if (!match(NAME)) {
        throw NOT_COLUMNAR;
      }
      colon();
      f = input(index);
      if (columns[f.position()] != null) {
        throw NOT_COLUMNAR; // repeated: the general rules word it
      }
    }
    ws();
    while (more('}')) {
      ws();
      if (match(DATATYPE) && datatype == null) {
        colon();
        datatype = datatype();
      } else if (match(SHAPE) && shape < 0) {
        colon();
        shape = dims();
      } else if (match(DATA) && data == null) {
        colon();
        if (datatype != null && shape > 0 && !parameters && index < heads.length) {
          heads[index] =
              new Head(Arrays.copyOfRange(b, start, i), f, datatype, Arrays.copyOf(dims, shape));
        }
        data = data(f, shape);
      } else if (match(PARAMETERS) && !parameters) {
        colon();
        parameters = true;
        binaryFree();
      } else {
        throw UNUSUAL;
      }
      ws();
    }
    if (datatype == null
        || !InferRequest.FLOAT_TYPES.contains(datatype)
        || data == null
        || !(shape == 1 || shape == 2 && dims[1] == 1)
        || dims[0] != data.length
        || rows >= 0 && rows != data.length) {
      throw NOT_COLUMNAR;
    }
    rows = data.length;
    columns[f.position()] = data;
  }

  /** The data of {@code f}'s column, sized for the rows before, else the shape read so far. */
  private double[] data(InputField f, int shape) {
    long expect = rows >= 0 ? rows : shape > 0 ? dims[0] : -1;
    return values(f.position(), expect > 0 && expect <= 1 << 16 ? (int) expect : 8);
  }

  /**
   * {@code data} as a flat list of finite numbers, at least one, for the input at {@code position};
   * {@code capacity} is the number expected.
   */
  private double[] values(int position, int capacity) {
    expect('[');
    ws();
    if (at() == ']') {
      throw NOT_COLUMNAR; // no rows: the general rules' error
    }
    double[] v = new double[capacity];
    int n = 0;
    do {
      ws();
      int from = i;
      if (!number.read(b, from, end)) {
        throw NOT_COLUMNAR; // nested, a string, null, or a number the tensor reading refuses
      }
      // an integer token is a long to the general parser, made a double for a float input
      double x = number.integer ? (double) number.whole : number.value;
      if (Double.isInfinite(x)) {
        throw NOT_COLUMNAR;
      }
      i = number.end;
      if (n == v.length) {
        v = Arrays.copyOf(v, 2 * n);
      }
      v[n] = x;
      text.keep(from, i - from, number.integer, n, position, x);
      n++;
      ws();
    } while (more(']'));
    return n == v.length ? v : Arrays.copyOf(v, n);
  }

  private InferRequest.Tensor tensor(int index) {
    expect('{');
    InferRequest.Tensor t = new InferRequest.Tensor();
    boolean parameters = false;
    do {
      ws();
      if (match(NAME) && t.name == null) {
        colon();
        t.field = input(index);
        t.name = t.field.name();
      } else if (match(DATATYPE) && t.datatype == null) {
        colon();
        t.datatype = datatype();
      } else if (match(SHAPE) && t.shape == null) {
        colon();
        t.shape = shape();
      } else if (match(DATA) && t.data == null) {
        colon();
        long rows = t.shape != null && t.shape.length > 0 ? t.shape[0] : 1;
        t.data = new ArrayList<>((int) Math.min(Math.max(rows, 1), 1 << 16));
        data(t.data, 0);
      } else if (match(PARAMETERS) && !parameters) {
        colon();
        parameters = true;
        binaryFree();
      } else {
        throw UNUSUAL;
      }
      ws();
    } while (more('}'));
    if (t.name == null || t.datatype == null || t.shape == null || t.data == null) {
      throw UNUSUAL; // the general parser names the missing field
    }
    return t;
  }

  /** The model's input named by the string here; tensors usually come in the model's order. */
  private InputField input(int index) {
    List<InputField> inputs = model.inputs();
    if (index < inputs.size()) {
      byte[] quoted = model.quotedInput(index);
      if (quoted != null && match(quoted)) {
        return inputs.get(index); // the common case: compared as bytes, quotes included
      }
    }
    int s = i + 1;
    int e = stringEnd();
    i = e + 1;
    for (InputField f : inputs) {
      if (same(f.name(), s, e)) {
        return f;
      }
    }
    throw UNUSUAL; // the general parser names the unknown input
  }

  private String datatype() {
    if (match(FP64)) {
      return "FP64";
    }
    int s = i + 1;
    int e = stringEnd();
    i = e + 1;
    for (String d : InferRequest.DATATYPES) {
      if (same(d, s, e)) {
        return d;
      }
    }
    throw UNUSUAL;
  }

  private boolean same(String s, int from, int to) {
    if (s.length() != to - from) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) != b[from + k]) {
        return false;
      }
    }
    return true;
  }

  private long[] shape() {
    int n = dims();
    return Arrays.copyOf(dims, n);
  }

  /** A shape's dimensions into {@link #dims}; returns how many. */
  private int dims() {
    expect('[');
    ws();
    if (at() == ']') {
      i++;
      return 0;
    }
    int n = 0;
    do {
      ws();
      if (n == dims.length) {
        throw UNUSUAL;
      }
      int s = i;
      dims[n++] = whole();
      if (b[s] == '-') {
        throw UNUSUAL; // "-0" is a shape of 0 to Jackson; left to it
      }
      ws();
    } while (more(']'));
    return n;
  }

  /** {@code data}: a scalar or arrays nested as deep as {@link InferRequest}'s parser allows. */
  private void data(List<Object> out, int depth) {
    if (at() != '[') {
      out.add(scalar());
      return;
    }
    if (depth > 7) {
      throw UNUSUAL;
    }
    i++;
    ws();
    if (at() == ']') {
      i++;
      return;
    }
    do {
      ws();
      data(out, depth + 1);
      ws();
    } while (more(']'));
  }

  /** A scalar as {@link JsonScalars#scalar} gives it: Long, Double, String, Boolean or null. */
  private Object scalar() {
    switch (at()) {
      case '"':
        return string();
      case 't':
        literal(TRUE);
        return Boolean.TRUE;
      case 'f':
        literal(FALSE);
        return Boolean.FALSE;
      case 'n':
        literal(NULL);
        return null;
      default:
        return number();
    }
  }

  /** A JSON number: Long when it has no fraction or exponent (as Jackson reads it), else Double. */
  private Object number() {
    if (!number.read(b, i, end)) {
      throw UNUSUAL;
    }
    i = number.end;
    return number.integer
        ? (Object) Long.valueOf(number.whole)
        : (Object) Double.valueOf(number.value);
  }

  /** A whole number of at most 18 digits, as a shape dimension. */
  private long whole() {
    if (!number.read(b, i, end) || !number.integer) {
      throw UNUSUAL;
    }
    i = number.end;
    return number.whole;
  }

  /**
   * Passes over the {@code parameters} of the request, an output or a tensor, which must not use
   * the binary tensor data extension (the general parser's: {@link BinaryTensors}): no {@code
   * binary_data_size}, and {@code binary_data} or {@code binary_data_output} not true.
   */
  private void binaryFree() {
    int from = i;
    object();
    for (int k = from; k + BINARY.length <= i; k++) {
      if (b[k] != '"' || !Arrays.equals(b, k, k + BINARY.length, BINARY, 0, BINARY.length)) {
        continue;
      }
      int after = k + BINARY.length;
      if (Arrays.equals(b, after, Math.min(i, after + OUTPUT.length), OUTPUT, 0, OUTPUT.length)) {
        after += OUTPUT.length; // "binary_data_output"
      } else if (b[after] != '"') {
        throw UNUSUAL; // "binary_data_size", or a key the general parser should look at
      }
      int at = after + 1;
      while (at < i
          && (b[at] == ' ' || b[at] == ':' || b[at] == '\t' || b[at] == '\n' || b[at] == '\r')) {
        at++;
      }
      if (at < i && b[at] != 'f') {
        throw UNUSUAL; // true, or not a boolean: the general parser answers
      }
    }
  }

  /** Checks and passes over an object (a {@code parameters}). */
  private void object() {
    if (at() != '{') {
      throw UNUSUAL;
    }
    skip(0);
  }

  private void skip(int depth) {
    if (depth > 16) {
      throw UNUSUAL;
    }
    byte c = at();
    if (c == '{' || c == '[') {
      byte close = (byte) (c == '{' ? '}' : ']');
      i++;
      ws();
      if (at() == close) {
        i++;
        return;
      }
      do {
        ws();
        if (c == '{') {
          if (at() != '"') {
            throw UNUSUAL;
          }
          i = stringEnd() + 1;
          colon();
        }
        skip(depth + 1);
        ws();
      } while (more((char) close));
    } else {
      scalar();
    }
  }

  /**
   * The index of the closing quote of the string that starts here: printable ASCII without escapes,
   * else the body is not of the common layout.
   */
  private int stringEnd() {
    if (at() != '"') {
      throw UNUSUAL;
    }
    for (int k = i + 1; k < end; k++) {
      byte c = b[k];
      if (c == '"') {
        return k;
      }
      if (c < 0x20 || c == '\\' || c == 0x7f) { // negative: a byte of a multi-byte character
        throw UNUSUAL;
      }
    }
    throw UNUSUAL;
  }

  private String string() {
    int s = i + 1;
    i = stringEnd() + 1;
    return new String(b, s, i - 1 - s, StandardCharsets.ISO_8859_1);
  }

  /** Passes over {@code word} (a quoted field name) when it is here. */
  private boolean match(byte[] word) {
    if (end - i < word.length) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[i + k] != word[k]) {
        return false;
      }
    }
    i += word.length;
    return true;
  }

  private void literal(byte[] word) {
    if (!match(word)) {
      throw UNUSUAL;
    }
  }

  private void colon() {
    ws();
    expect(':');
    ws();
  }

  private void expect(char c) {
    if (at() != c) {
      throw UNUSUAL;
    }
    i++;
  }

  /**
   * Passes over the comma between two items (true) or the {@code close} after the last (false);
   * anything else is not the common layout.
   */
  private boolean more(char close) {
    byte c = at();
    i++;
    if (c == ',') {
      return true;
    }
    if (c == close) {
      return false;
    }
    throw UNUSUAL;
  }

  /** The byte here; 0 at the end. */
  private byte at() {
    return i < end ? b[i] : 0;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  private void ws() {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      i++;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
