package dev.kiln.serve.model;

import static dev.kiln.serve.model.JsonScalars.expect;
import static dev.kiln.serve.model.JsonScalars.invalid;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the JSON bodies {@code mlflow models serve} accepts on {@code /invocations} (MLflow's
 * {@code mlflow/pyfunc/scoring_server}: exactly one of {@code dataframe_split}, {@code
 * dataframe_records}, {@code instances}, {@code inputs}, plus optional {@code params}) with a
 * streaming parser straight into the model's rows — no JSON tree is built.
 *
 * <ul>
 *   <li>{@code dataframe_split}: {@code {"columns": [...], "data": [[...], ...], "index": [...]}}
 *       (pandas {@code orient="split"})
 *   <li>{@code dataframe_records}: {@code [{"col": value, ...}, ...]}
 *   <li>{@code instances} and {@code inputs} (TF serving's row and column formats): a list of
 *       records, or an object of columns {@code {"col": [values]}} (a scalar is a one-row column)
 * </ul>
 */
final class InvocationsJson {
  static final String FORMATS = "dataframe_split, dataframe_records, instances, inputs";
  private static final Set<String> KEYS =
      Set.of("dataframe_split", "dataframe_records", "instances", "inputs");

  /** A parsed request: its rows and whether {@code params} asked for probabilities. */
  record Parsed(Batch batch, boolean probabilities) {}

  private InvocationsJson() {}

  static Parsed parse(ServedModel model, InputStream body) throws IOException {
    return parse(model, body, 0);
  }

  /**
   * {@link #parse(ServedModel, InputStream)} for a body of {@code length} bytes (0: not known),
   * which sizes the copy of its numbers' text kept for the log ({@link NumberText}) once.
   */
  static Parsed parse(ServedModel model, InputStream body, int length) throws IOException {
    try (JsonParser p = JsonScalars.FACTORY.createParser(body)) {
      expect(p, JsonToken.START_OBJECT, "The request body");
      Batch batch = null;
      String format = null;
      boolean probabilities = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String key = p.currentName();
        p.nextToken();
        if (key.equals("params")) {
          probabilities = Params.probabilities(p);
          continue;
        }
        if (!KEYS.contains(key)) {
          throw invalid(
              "Unknown field '"
                  + Values.clip(key)
                  + "' in the request body; expected one of "
                  + FORMATS
                  + " (and optionally params)");
        }
        if (format != null) {
          throw invalid(
              "The body has both '" + format + "' and '" + key + "'; send exactly one of them");
        }
        format = key;
        RowBinder rows = new RowBinder(model);
        if (key.equals("dataframe_split")) {
          split(p, rows, length);
        } else if (key.equals("dataframe_records")) {
          JsonScalars.require(p, JsonToken.START_ARRAY, "dataframe_records");
          records(p, rows, "dataframe_records");
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
          records(p, rows, key);
        } else if (p.currentToken() == JsonToken.START_OBJECT) {
          columns(p, rows, key);
        } else {
          throw invalid(
              "'"
                  + key
                  + "' must be a list of records or an object of columns but was "
                  + JsonScalars.describe(p.currentToken()));
        }
        batch = rows.batch("'" + key + "'");
      }
      JsonScalars.require(p, JsonToken.END_OBJECT, "The request body");
      JsonScalars.end(p);
      if (batch == null) {
        throw invalid("The request body has no input; expected one of " + FORMATS);
      }
      return new Parsed(batch, probabilities);
    }
  }

  /** {@code {"columns": [...], "data": [[...]], "index": [...]}}, keys in any order. */
  private static void split(JsonParser p, RowBinder rows, int length) throws IOException {
    JsonScalars.require(p, JsonToken.START_OBJECT, "dataframe_split");
    InputField[] fields = null;
    List<Object[]> early = null; // data sent before columns: kept raw until the names arrive
    boolean sawData = false;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String key = p.currentName();
      p.nextToken();
      switch (key) {
        case "columns":
          fields = rows.fields(names(p));
          rows.requireColumns(fields);
          if (early != null) {
            for (int r = 0; r < early.size(); r++) {
              Object[] raw = early.get(r);
              rows.add(bind(fields, raw, r, rows), null);
            }
          }
          break;
        case "data":
          JsonScalars.require(p, JsonToken.START_ARRAY, "dataframe_split.data");
          sawData = true;
          if (fields != null) {
            NumberText text = rows.keepText(length);
            for (JsonToken item = p.nextToken();
                item != JsonToken.END_ARRAY;
                item = p.nextToken()) {
              int r = rows.size();
              requireRow(item, r);
              Object[] row = rows.newRow();
              int c = 0;
              for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                if (c >= fields.length) {
                  throw invalid(widthMessage(r, fields.length, c + 1));
                }
                InputField f = fields[c++];
                Object value = Values.fromJson(f, JsonScalars.scalar(p, f, r), r);
                row[f.position()] = value;
                if (value instanceof Double) {
                  text.keep(p, r, f.position(), (Double) value);
                }
              }
              if (c != fields.length) {
                throw invalid(widthMessage(r, fields.length, c));
              }
              rows.add(row, null);
            }
          } else {
            early = new ArrayList<>();
            for (JsonToken item = p.nextToken();
                item != JsonToken.END_ARRAY;
                item = p.nextToken()) {
              requireRow(item, early.size());
              List<Object> raw = new ArrayList<>();
              for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                raw.add(JsonScalars.scalar(p, "dataframe_split.data[", early.size(), "]"));
              }
              early.add(raw.toArray());
            }
          }
          break;
        case "index":
          p.skipChildren();
          break;
        default:
          throw invalid(
              "Unknown field 'dataframe_split."
                  + Values.clip(key)
                  + "'; expected columns, data, index");
      }
    }
    if (fields == null) {
      throw invalid("dataframe_split has no 'columns'; expected columns and data");
    }
    if (!sawData) {
      throw invalid("dataframe_split has no 'data'; expected columns and data");
    }
  }

  private static void requireRow(JsonToken item, int row) {
    if (item != JsonToken.START_ARRAY) {
      throw invalid(
          "dataframe_split.data must be a list of rows, each a list of values, but item "
              + row
              + " is "
              + JsonScalars.describe(item));
    }
  }

  private static Object[] bind(InputField[] fields, Object[] raw, int r, RowBinder rows) {
    if (raw.length != fields.length) {
      throw invalid(widthMessage(r, fields.length, raw.length));
    }
    Object[] row = rows.newRow();
    for (int c = 0; c < fields.length; c++) {
      row[fields[c].position()] = Values.fromJson(fields[c], raw[c], r);
    }
    return row;
  }

  private static String widthMessage(int row, int columns, int values) {
    return "Row "
        + row
        + " of dataframe_split.data has "
        + values
        + " values but 'columns' names "
        + columns;
  }

  private static List<String> names(JsonParser p) throws IOException {
    JsonScalars.require(p, JsonToken.START_ARRAY, "dataframe_split.columns");
    List<String> names = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw invalid(
            "dataframe_split.columns must hold strings but item "
                + names.size()
                + " is "
                + JsonScalars.describe(t));
      }
      names.add(p.getText());
    }
    return names;
  }

  /** {@code [{"col": value, ...}, ...]}: the parser is on the array's start. */
  private static void records(JsonParser p, RowBinder rows, String where) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      int r = rows.size();
      if (t != JsonToken.START_OBJECT) {
        throw invalid(
            where
                + " must be a list of records ({\"column\": value, ...}) but item "
                + r
                + " is "
                + JsonScalars.describe(t));
      }
      Object[] row = rows.newRow();
      boolean[] given = new boolean[row.length];
      for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
        InputField f = rows.field(p.currentName());
        if (given[f.position()]) {
          throw invalid("Row " + r + " gives input '" + f.name() + "' twice");
        }
        given[f.position()] = true;
        p.nextToken();
        row[f.position()] = Values.fromJson(f, JsonScalars.scalar(p, f, r), r);
      }
      rows.add(row, given);
    }
  }

  /** {@code {"col": [values], ...}} or {@code {"col": value}}: the parser is on the object. */
  private static void columns(JsonParser p, RowBinder rows, String where) throws IOException {
    List<InputField> named = new ArrayList<>();
    List<List<Object>> values = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      InputField f = rows.field(p.currentName());
      if (named.contains(f)) {
        throw invalid(where + " gives input '" + f.name() + "' twice");
      }
      List<Object> column = new ArrayList<>();
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_ARRAY) {
        for (v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
          column.add(Values.fromJson(f, JsonScalars.scalar(p, f, column.size()), column.size()));
        }
      } else {
        column.add(Values.fromJson(f, JsonScalars.scalar(p, f, 0), 0));
      }
      if (!values.isEmpty() && column.size() != values.get(0).size()) {
        throw invalid(
            where
                + ": input '"
                + f.name()
                + "' has "
                + column.size()
                + " values but '"
                + named.get(0).name()
                + "' has "
                + values.get(0).size()
                + "; every column needs one value per row");
      }
      named.add(f);
      values.add(column);
    }
    InputField[] fields = named.toArray(new InputField[0]);
    rows.requireColumns(fields);
    int n = values.isEmpty() ? 0 : values.get(0).size();
    for (int r = 0; r < n; r++) {
      Object[] row = rows.newRow();
      for (int c = 0; c < fields.length; c++) {
        row[fields[c].position()] = values.get(c).get(r);
      }
      rows.add(row, null);
    }
  }
}
