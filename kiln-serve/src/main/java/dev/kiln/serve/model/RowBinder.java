package dev.kiln.serve.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a request's rows in the model's order from columns named by the request: names are checked
 * once (unknown, repeated), values converted as they arrive, and a row's absent columns are checked
 * when it is finished (a nullable column may be left out; it is then missing).
 */
final class RowBinder {
  private final ServedModel model;
  private final List<Object[]> rows = new ArrayList<>();
  private final int width;
  private NumberText text;

  RowBinder(ServedModel model) {
    this.model = model;
    this.width = model.inputs().size();
  }

  /** The field for a column the request names, or 400 listing the expected inputs. */
  InputField field(String column) {
    InputField f = model.input(column);
    if (f == null) {
      throw JsonScalars.invalid(
          "Unknown input '"
              + Values.clip(column)
              + "'; model '"
              + model.name()
              + "' takes: "
              + model.expectedInputs());
    }
    return f;
  }

  /** The fields of {@code columns} in request order, each named once. */
  InputField[] fields(List<String> columns) {
    InputField[] fields = new InputField[columns.size()];
    boolean[] seen = new boolean[width];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = field(columns.get(i));
      if (seen[fields[i].position()]) {
        throw JsonScalars.invalid("Input '" + columns.get(i) + "' is given twice");
      }
      seen[fields[i].position()] = true;
    }
    return fields;
  }

  /** The number of the model's inputs. */
  int width() {
    return width;
  }

  /** A new empty row (all values absent) whose index is {@link #size()}. */
  Object[] newRow() {
    return new Object[width];
  }

  int size() {
    return rows.size();
  }

  /**
   * Adds a finished row; {@code given} marks the positions the request set (null: every column was
   * set). An absent column that is not nullable answers 400.
   */
  void add(Object[] row, boolean[] given) {
    if (given != null) {
      for (InputField f : model.inputs()) {
        if (!given[f.position()] && !f.nullable()) {
          throw JsonScalars.invalid(
              "Row "
                  + rows.size()
                  + " has no input '"
                  + f.name()
                  + "'; model '"
                  + model.name()
                  + "' takes: "
                  + model.expectedInputs());
        }
      }
    }
    rows.add(row);
  }

  /** Checks, for a request that names its columns once, that no required column is absent. */
  void requireColumns(InputField[] named) {
    boolean[] given = new boolean[width];
    for (InputField f : named) {
      given[f.position()] = true;
    }
    for (InputField f : model.inputs()) {
      if (!given[f.position()] && !f.nullable()) {
        throw JsonScalars.invalid(
            "Missing input '"
                + f.name()
                + "'; model '"
                + model.name()
                + "' takes: "
                + model.expectedInputs());
      }
    }
  }

  /**
   * Keeps the text of the numbers as they arrive ({@link NumberText}), for the log, from a body of
   * about {@code length} characters.
   */
  NumberText keepText(int length) {
    if (text == null) {
      text = new NumberText(width, length);
    }
    return text;
  }

  /** The rows; an empty request answers 400. */
  Batch batch(String where) {
    if (rows.isEmpty()) {
      throw JsonScalars.invalid(where + " holds no rows; send at least one");
    }
    return new Batch(model, rows, text);
  }
}
