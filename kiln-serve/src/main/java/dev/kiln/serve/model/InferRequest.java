package dev.kiln.serve.model;

import static dev.kiln.serve.model.JsonScalars.invalid;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.kiln.core.frame.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An Open Inference Protocol v2 inference request ("Predict Protocol - Version 2", section
 * "Inference Request JSON Object"): {@code id}, {@code parameters}, {@code inputs} (one tensor per
 * input column: {@code name}, {@code shape}, {@code datatype}, {@code parameters}, {@code data})
 * and the requested {@code outputs}. Kiln's models take one tensor per column with shape {@code
 * [n]} or {@code [n, 1]}; {@code data} may be flat or nested in row-major order, as the spec
 * allows.
 *
 * @param id the request's id, echoed in the response; {@code null} when absent
 * @param outputs the output names asked for; empty means all
 * @param allBinary every output is answered as binary data ({@code binary_data_output}, the binary
 *     tensor data extension: {@link BinaryTensors})
 * @param binary the outputs asked for as binary data ({@code binary_data} in their parameters)
 */
record InferRequest(
    String id, Batch batch, List<String> outputs, boolean allBinary, Set<String> binary) {
  InferRequest(String id, Batch batch, List<String> outputs) {
    this(id, batch, outputs, false, Set.of());
  }

  /** Whether output {@code name} is answered as binary data. */
  boolean binary(String name) {
    return allBinary || binary.contains(name);
  }

  static final Set<String> INT_TYPES =
      Set.of("INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64");
  static final Set<String> FLOAT_TYPES = Set.of("FP16", "FP32", "FP64");
  static final Set<String> ALL_TYPES =
      Set.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "FP32", "FP64", "BYTES", "BF16");

  /**
   * The datatypes in one array, to name a tensor's datatype without allocating; those Kiln's
   * metadata names first (a set's order changes from run to run).
   */
  static final String[] DATATYPES = {
    "FP64", "INT64", "BOOL", "BYTES", "FP32", "INT32", "FP16", "BF16", "INT8", "INT16", "UINT8",
    "UINT16", "UINT32", "UINT64"
  };

  /** What each of {@link #DATATYPES} carries, and which columns it may feed (checkDatatype). */
  private static final Kind[] KINDS = new Kind[DATATYPES.length];

  private static final boolean[] FITS_INTEGER = new boolean[DATATYPES.length];
  private static final boolean[] FITS_FLOAT = new boolean[DATATYPES.length];

  static {
    if (!Set.of(DATATYPES).equals(ALL_TYPES)) {
      throw new AssertionError("DATATYPES must list ALL_TYPES");
    }
    for (int i = 0; i < DATATYPES.length; i++) {
      String d = DATATYPES[i];
      KINDS[i] = Kind.of(d);
      FITS_INTEGER[i] = INT_TYPES.contains(d);
      FITS_FLOAT[i] = INT_TYPES.contains(d) || FLOAT_TYPES.contains(d);
    }
  }

  /** The index of {@code datatype} in {@link #DATATYPES} when it is that very string, else -1. */
  private static int canonical(String datatype) {
    for (int i = 0; i < DATATYPES.length; i++) {
      if (DATATYPES[i] == datatype) { // identity: datatype() hands out these strings
        return i;
      }
    }
    return -1;
  }

  /** A tensor's fields, by their index in {@link #TENSOR_FIELDS}. */
  private static final int NAME = 0;

  private static final int DATATYPE = 1;
  private static final int SHAPE = 2;
  private static final int DATA = 3;
  private static final int PARAMETERS = 4;

  /** Before a tensor's first field (as a guess, the field after its last one). */
  private static final int START = 5;

  private static final SerializedString[] TENSOR_FIELDS = {
    new SerializedString("name"),
    new SerializedString("datatype"),
    new SerializedString("shape"),
    new SerializedString("data"),
    new SerializedString("parameters"),
    new SerializedString("name"),
  };

  private static int tensorField(String name) {
    switch (name) {
      case "name":
        return NAME;
      case "datatype":
        return DATATYPE;
      case "shape":
        return SHAPE;
      case "data":
        return DATA;
      case "parameters":
        return PARAMETERS;
      default:
        return -1;
    }
  }

  /**
   * One input tensor as sent, before it is checked against the signature; {@link InferBytes} makes
   * the same ones from the bytes of a common request.
   */
  static final class Tensor {
    String name;

    /** The model's input called {@link #name}; null until resolved, or when there is none. */
    InputField field;

    String datatype;
    long[] shape;
    ArrayList<Object> data;

    /** {@code parameters.binary_data_size}: its data's bytes in the binary part; -1 when none. */
    long binarySize = -1;
  }

  static InferRequest parse(ServedModel model, InputStream body) throws IOException {
    return parse(model, body, null);
  }

  /**
   * The request whose JSON is {@code body}, its binary tensors' bytes in {@code binary} (null: the
   * request has no binary part).
   */
  static InferRequest parse(ServedModel model, InputStream body, BinaryTensors.Part binary)
      throws IOException {
    try (JsonParser p = JsonScalars.FACTORY.createParser(body)) {
      JsonScalars.expect(p, JsonToken.START_OBJECT, "The request body");
      String id = null;
      List<Tensor> tensors = null;
      List<String> outputs = List.of();
      boolean allBinary = false;
      Set<String> binaryOutputs = new java.util.HashSet<>();
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        switch (key) {
          case "id":
            if (v != JsonToken.VALUE_STRING) {
              throw invalid("'id' must be a string but was " + JsonScalars.describe(v));
            }
            id = p.getText();
            break;
          case "parameters":
            JsonScalars.require(p, JsonToken.START_OBJECT, "'parameters'");
            allBinary = flag(p, "binary_data_output", "parameters");
            break;
          case "inputs":
            tensors = tensors(model, p);
            break;
          case "outputs":
            outputs = outputs(p, binaryOutputs);
            break;
          default:
            throw invalid(
                "Unknown field '"
                    + Values.clip(key)
                    + "' in the inference request; expected id, parameters, inputs, outputs");
        }
      }
      JsonScalars.require(p, JsonToken.END_OBJECT, "The request body");
      JsonScalars.end(p);
      if (tensors == null) {
        throw invalid(
            "The inference request has no 'inputs'; model '"
                + model.name()
                + "' takes: "
                + model.expectedInputs());
      }
      BinaryTensors.fill(tensors, binary);
      return new InferRequest(id, bind(model, tensors), outputs, allBinary, binaryOutputs);
    }
  }

  private static List<Tensor> tensors(ServedModel model, JsonParser p) throws IOException {
    JsonScalars.require(p, JsonToken.START_ARRAY, "'inputs'");
    List<Tensor> tensors = new ArrayList<>(model.inputs().size());
    int[] follows = {DATATYPE, SHAPE, DATA, START, START, NAME}; // by field; START: none yet
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int index = tensors.size();
      if (t != JsonToken.START_OBJECT) {
        JsonScalars.require(p, JsonToken.START_OBJECT, where(index));
      }
      Tensor tensor = new Tensor();
      int guess = follows[START];
      int previous = START;
      while (true) {
        int field;
        if (p.nextFieldName(TENSOR_FIELDS[guess])) {
          field =
              guess == START
                  ? NAME
                  : guess; // the expected name, matched in the input's bytes without a lookup
        } else if (p.currentToken() == JsonToken.FIELD_NAME) {
          field = tensorField(p.currentName());
          if (field < 0) {
            throw invalid(
                "Unknown field '"
                    + Values.clip(p.currentName())
                    + "' in "
                    + where(index)
                    + "; expected name, shape, datatype, parameters, data");
          }
        } else {
          break;
        }
        follows[previous] = field; // the next tensor's fields are guessed in this order
        previous = field;
        guess = follows[field];
        JsonToken v = p.nextToken();
        switch (field) {
          case NAME:
          case DATATYPE:
            if (v != JsonToken.VALUE_STRING) {
              throw invalid(
                  where(index)
                      + "."
                      + TENSOR_FIELDS[field].getValue()
                      + " must be a string but was "
                      + JsonScalars.describe(v));
            }
            if (field == NAME) {
              tensor.field = input(model, p, index);
              tensor.name = tensor.field == null ? p.getText() : tensor.field.name();
            } else {
              tensor.datatype = datatype(p);
            }
            break;
          case SHAPE:
            tensor.shape = shape(p, index);
            break;
          case PARAMETERS:
            if (v != JsonToken.START_OBJECT) {
              JsonScalars.require(p, JsonToken.START_OBJECT, where(index) + ".parameters");
            }
            tensor.binarySize = binarySize(p, where(index));
            break;
          default: // DATA
            long expected = tensor.shape != null && tensor.shape.length > 0 ? tensor.shape[0] : 1;
            tensor.data = new ArrayList<>((int) Math.min(Math.max(expected, 1), 1 << 16));
            flatten(p, tensor.data, index, 0);
        }
      }
      follows[previous] = START;
      String absent =
          tensor.name == null
              ? "name"
              : tensor.datatype == null
                  ? "datatype"
                  : tensor.shape == null
                      ? "shape"
                      : tensor.data == null && tensor.binarySize < 0 ? "data" : null;
      if (absent != null) {
        throw invalid(
            where(index)
                + (tensor.name == null ? "" : " ('" + tensor.name + "')")
                + " has no '"
                + absent
                + "'; an input tensor needs name, shape, datatype and data");
      }
      tensors.add(tensor);
    }
    return tensors;
  }

  private static String where(int index) {
    return "inputs[" + index + "]";
  }

  /**
   * The model's input named by the string at the parser, compared in place: tensors usually come in
   * the model's order, so input {@code index} is tried first. Null when no input has the name.
   */
  private static InputField input(ServedModel model, JsonParser p, int index) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    List<InputField> inputs = model.inputs();
    if (index < inputs.size() && sameText(inputs.get(index).name(), text, offset, length)) {
      return inputs.get(index);
    }
    for (InputField f : inputs) {
      if (sameText(f.name(), text, offset, length)) {
        return f;
      }
    }
    return null;
  }

  /** The datatype at the parser: one of {@link #DATATYPES} when it is one, else its text. */
  private static String datatype(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    for (String d : DATATYPES) {
      if (sameText(d, text, offset, length)) {
        return d;
      }
    }
    return p.getText();
  }

  private static boolean sameText(String s, char[] text, int offset, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != text[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private static long[] shape(JsonParser p, int index) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      JsonScalars.require(p, JsonToken.START_ARRAY, where(index) + ".shape");
    }
    long first = -1;
    long second = -1;
    long[] more = null; // the dimensions of a shape of more than two
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          || p.getLongValue() < 0) {
        throw invalid(where(index) + ".shape must hold whole numbers >= 0 but has " + p.getText());
      }
      long d = p.getLongValue();
      if (n == 0) {
        first = d;
      } else if (n == 1) {
        second = d;
      } else {
        if (more == null) {
          more = new long[] {first, second, 0, 0};
        } else if (n == more.length) {
          more = java.util.Arrays.copyOf(more, 2 * n);
        }
        more[n] = d;
      }
      n++;
    }
    if (more != null) {
      return java.util.Arrays.copyOf(more, n);
    }
    return n == 0 ? new long[0] : n == 1 ? new long[] {first} : new long[] {first, second};
  }

  private static void flatten(JsonParser p, List<Object> out, int index, int depth)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      out.add(JsonScalars.scalar(p, "inputs[", index, "].data"));
      return;
    }
    if (depth > 8) {
      throw invalid(where(index) + ".data is nested deeper than a tensor of this model can be");
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      flatten(p, out, index, depth + 1);
    }
  }

  /**
   * Passes over a {@code parameters} object (the parser at its start), answering its boolean {@code
   * key} (false when absent); any other parameter is accepted and ignored.
   */
  private static boolean flag(JsonParser p, String key, String where) throws IOException {
    boolean value = false;
    for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
      JsonToken v = p.nextToken();
      if (p.currentName().equals(key)) {
        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
          throw invalid(
              where + "." + key + " must be true or false but was " + JsonScalars.describe(v));
        }
        value = v == JsonToken.VALUE_TRUE;
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  /** A tensor's {@code parameters} (the parser at its start): its binary_data_size, or -1. */
  private static long binarySize(JsonParser p, String where) throws IOException {
    long size = -1;
    for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
      JsonToken v = p.nextToken();
      if (p.currentName().equals("binary_data_size")) {
        if (v != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            || p.getLongValue() < 0) {
          throw invalid(
              where
                  + ".parameters.binary_data_size must be a whole number of bytes >= 0 but was "
                  + Values.clip(p.getText()));
        }
        size = p.getLongValue();
      } else {
        p.skipChildren();
      }
    }
    return size;
  }

  private static List<String> outputs(JsonParser p, Set<String> binary) throws IOException {
    JsonScalars.require(p, JsonToken.START_ARRAY, "'outputs'");
    List<String> names = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      String where = "outputs[" + names.size() + "]";
      JsonScalars.require(p, JsonToken.START_OBJECT, where);
      String name = null;
      boolean asBinary = false;
      for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (key.equals("name") && v == JsonToken.VALUE_STRING) {
          name = p.getText();
        } else if (key.equals("parameters") && v == JsonToken.START_OBJECT) {
          asBinary = flag(p, "binary_data", where + ".parameters");
        } else {
          throw invalid(
              where
                  + "."
                  + Values.clip(key)
                  + " is not understood; an output has name and parameters");
        }
      }
      if (name == null) {
        throw invalid(where + " has no 'name'");
      }
      names.add(name);
      if (asBinary) {
        binary.add(name);
      }
    }
    return names;
  }

  /** Checks the tensors against the signature and turns the columns into rows. */
  static Batch bind(ServedModel model, List<Tensor> sent) {
    List<Tensor> table = table(model, sent);
    List<Tensor> tensors = table == null ? sent : table;
    RowBinder rows = new RowBinder(model);
    InputField[] fields = fields(rows, tensors);
    rows.requireColumns(fields);
    long n = -1;
    for (int c = 0; c < fields.length; c++) {
      Tensor t = tensors.get(c);
      InputField f = fields[c];
      checkDatatype(f, t.datatype);
      long[] s = t.shape;
      if (s.length == 0 || s.length > 2 || s.length == 2 && s[1] != 1) {
        throw invalid(
            "Input '"
                + f.name()
                + "' has shape "
                + shapeText(s)
                + "; this model takes one column per input, shape [n] or [n, 1]");
      }
      if (s[0] != t.data.size()) {
        throw invalid(
            "Input '"
                + f.name()
                + "' has shape "
                + shapeText(s)
                + " but "
                + t.data.size()
                + " values in 'data'");
      }
      if (n >= 0 && s[0] != n) {
        throw invalid(
            "Input '"
                + f.name()
                + "' has "
                + s[0]
                + " rows but '"
                + fields[0].name()
                + "' has "
                + n
                + "; every input needs the same number of rows");
      }
      n = s[0];
    }
    Kind[] kinds = new Kind[fields.length];
    for (int c = 0; c < fields.length; c++) {
      int i = canonical(tensors.get(c).datatype);
      kinds[c] = i >= 0 ? KINDS[i] : Kind.of(tensors.get(c).datatype);
    }
    for (int r = 0; r < n; r++) {
      Object[] row = rows.newRow();
      for (int c = 0; c < fields.length; c++) {
        InputField f = fields[c];
        Object raw = tensors.get(c).data.get(r);
        checkValue(f, kinds[c], tensors.get(c).datatype, raw, r);
        row[f.position()] = Values.fromJson(f, raw, r);
      }
      rows.add(row, null);
    }
    return rows.batch("The inference request");
  }

  /**
   * The columns of one tensor of shape {@code [n, k]} that holds the whole table, {@code k} the
   * model's inputs in signature order, as KServe's scikit-learn and XGBoost runtimes take their
   * rows; null when the request is not that (one tensor, not named after an input, two or more
   * inputs, {@code k} its second dimension). Each column is then bound as if sent on its own.
   */
  private static List<Tensor> table(ServedModel model, List<Tensor> tensors) {
    List<InputField> inputs = model.inputs();
    int k = inputs.size();
    if (tensors.size() != 1 || k < 2) {
      return null;
    }
    Tensor t = tensors.get(0);
    if (t.field != null || t.shape.length != 2 || t.shape[1] != k) {
      return null;
    }
    long n = t.shape[0];
    if (t.data.size() != n * k) {
      throw invalid(
          "Input '"
              + Values.clip(t.name)
              + "' has shape "
              + shapeText(t.shape)
              + " (a table of the model's "
              + k
              + " inputs: "
              + model.expectedInputs()
              + ") but "
              + t.data.size()
              + " values in 'data'");
    }
    List<Tensor> columns = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      Tensor column = new Tensor();
      column.field = inputs.get(c);
      column.name = column.field.name();
      column.datatype = t.datatype;
      column.shape = new long[] {n};
      column.data = new ArrayList<>((int) n);
      for (int r = 0; r < n; r++) {
        column.data.add(t.data.get(r * k + c));
      }
      columns.add(column);
    }
    return columns;
  }

  /**
   * The inputs the tensors name, in tensor order; 400 for an unknown or repeated name (as {@link
   * RowBinder#fields} words it).
   */
  private static InputField[] fields(RowBinder rows, List<Tensor> tensors) {
    InputField[] fields = new InputField[tensors.size()];
    boolean[] seen = new boolean[rows.width()];
    for (int c = 0; c < fields.length; c++) {
      InputField f = tensors.get(c).field;
      if (f == null || seen[f.position()]) {
        List<String> names = new ArrayList<>();
        for (Tensor t : tensors) {
          names.add(t.name);
        }
        return rows.fields(names); // throws, naming the input at fault
      }
      seen[f.position()] = true;
      fields[c] = f;
    }
    return fields;
  }

  /** What values a datatype carries. */
  private enum Kind {
    INTEGER,
    FLOAT,
    BOOLEAN,
    BYTES;

    static Kind of(String datatype) {
      if (INT_TYPES.contains(datatype)) {
        return INTEGER;
      }
      if (FLOAT_TYPES.contains(datatype)) {
        return FLOAT;
      }
      return datatype.equals("BOOL") ? BOOLEAN : BYTES;
    }
  }

  private static void checkDatatype(InputField f, String datatype) {
    int i = canonical(datatype);
    if (i >= 0
        && (f.type() == ColumnType.FLOAT
            ? FITS_FLOAT[i]
            : f.type() == ColumnType.INTEGER && FITS_INTEGER[i])) {
      return; // the common case, decided without a lookup; anything else as below
    }
    String d = datatype.toUpperCase(Locale.ROOT);
    if (!ALL_TYPES.contains(d) || !d.equals(datatype)) {
      throw invalid(
          "Input '"
              + f.name()
              + "' has datatype '"
              + Values.clip(datatype)
              + "', which the Open Inference Protocol does not define; send "
              + f.oipDatatype());
    }
    boolean fits;
    switch (f.type()) {
      case INTEGER:
        fits = INT_TYPES.contains(d);
        break;
      case FLOAT:
        fits = INT_TYPES.contains(d) || FLOAT_TYPES.contains(d);
        break;
      case BOOLEAN:
        fits = d.equals("BOOL");
        break;
      default:
        fits = d.equals("BYTES");
    }
    if (!fits) {
      throw invalid(
          "Input '"
              + f.name()
              + "' ("
              + f.type().key()
              + ") cannot be sent as "
              + d
              + "; send "
              + f.oipDatatype());
    }
  }

  /** A value must be what its tensor's datatype says (an FP64 tensor holds no strings). */
  private static void checkValue(InputField f, Kind kind, String datatype, Object raw, int row) {
    if (raw == null) {
      return; // Values decides whether the column may be missing
    }
    boolean ok;
    switch (kind) {
      case INTEGER:
        ok = raw instanceof Long;
        break;
      case FLOAT:
        ok = raw instanceof Long || raw instanceof Double;
        break;
      case BOOLEAN:
        ok = raw instanceof Boolean;
        break;
      default:
        ok = raw instanceof String;
    }
    if (!ok) {
      throw Values.wrong(f, row, "a value of datatype " + datatype, raw);
    }
  }

  static String shapeText(long[] shape) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(']').toString();
  }
}
