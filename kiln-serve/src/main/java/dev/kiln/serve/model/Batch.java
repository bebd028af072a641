package dev.kiln.serve.model;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of one scoring request in the model's terms: each row's values in the order of {@link
 * ServedModel#inputs()}, already checked against the signature (see {@link Values}).
 */
final class Batch {
  private final ServedModel model;
  private final List<Object[]> rows; // null when the batch is held as columns
  private final double[][] columns; // by input position; a null column is absent (all missing)
  private final int size;
  private final NumberText text;

  Batch(ServedModel model, List<Object[]> rows) {
    this(model, rows, null);
  }

  /** A batch whose numbers' text as they arrived is kept in {@code text} (null: not kept). */
  Batch(ServedModel model, List<Object[]> rows, NumberText text) {
    this.model = model;
    this.rows = rows;
    this.columns = null;
    this.size = rows.size();
    this.text = text;
  }

  private Batch(ServedModel model, double[][] columns, int size, NumberText text) {
    this.model = model;
    this.rows = null;
    this.columns = columns;
    this.size = size;
    this.text = text;
  }

  /**
   * A batch of float inputs held as columns, by input position ({@code null}: the request left that
   * nullable input out), of {@code size} values each: no value is boxed, and the predictor's frame
   * is made of these arrays.
   */
  static Batch ofColumns(ServedModel model, double[][] columns, int size, NumberText text) {
    return new Batch(model, columns, size, text);
  }

  /** The text of the request's numbers as they arrived, for the log; null when not kept. */
  NumberText text() {
    return text;
  }

  int size() {
    return size;
  }

  /** Row {@code i}'s values in the model's order (boxed now when the batch is held as columns). */
  Object[] row(int i) {
    if (rows != null) {
      return rows.get(i);
    }
    Object[] row = new Object[columns.length];
    for (int p = 0; p < row.length; p++) {
      row[p] = value(i, p);
    }
    return row;
  }

  /**
   * Predicts row {@code i} into {@code out} without boxing its values, when the batch holds columns
   * of doubles and every input of the predictor is a number; false (nothing done) otherwise.
   */
  boolean predictUnboxed(int i, double[] out) {
    if (columns == null || !model.predictor().numericInputs()) {
      return false;
    }
    model.predictor().predict(columns, i, out);
    return true;
  }

  /** Row {@code i}'s value at input position {@code position}: as {@code row(i)[position]}. */
  Object value(int i, int position) {
    if (rows != null) {
      return rows.get(i)[position];
    }
    double[] column = columns[position];
    return column == null ? null : (Object) column[i];
  }

  ServedModel model() {
    return model;
  }

  /** The rows as a frame of typed columns, for the predictor's batch path. */
  Frame toFrame() {
    if (columns != null) {
      List<Column> out = new ArrayList<>(columns.length);
      for (InputField f : model.inputs()) {
        double[] values = columns[f.position()];
        BitSet nulls = new BitSet();
        if (values == null) {
          values = new double[size];
          nulls.set(0, size);
        }
        out.add(new DoubleColumn(f.name(), values, nulls, size));
      }
      return new Frame(out);
    }
    int n = rows.size();
    List<Column> columns = new ArrayList<>(model.inputs().size());
    for (InputField f : model.inputs()) {
      int c = f.position();
      switch (f.type()) {
        case FLOAT:
          {
            DoubleColumn.Builder b = new DoubleColumn.Builder(f.name(), n);
            for (Object[] row : rows) {
              if (row[c] == null) {
                b.addNull();
              } else {
                b.add(((Number) row[c]).doubleValue());
              }
            }
            columns.add(b.build());
            break;
          }
        case INTEGER:
        case TIMESTAMP:
          {
            LongColumn.Builder b = new LongColumn.Builder(f.name(), f.type(), n);
            for (Object[] row : rows) {
              if (row[c] == null) {
                b.addNull();
              } else {
                b.add(((Number) row[c]).longValue());
              }
            }
            columns.add(b.build());
            break;
          }
        case BOOLEAN:
          {
            BooleanColumn.Builder b = new BooleanColumn.Builder(f.name());
            for (Object[] row : rows) {
              if (row[c] == null) {
                b.addNull();
              } else {
                b.add((Boolean) row[c]);
              }
            }
            columns.add(b.build());
            break;
          }
        default:
          {
            StringColumn.Builder b = new StringColumn.Builder(f.name(), f.type(), n);
            for (Object[] row : rows) {
              if (row[c] == null) {
                b.addNull();
              } else {
                b.add((String) row[c]);
              }
            }
            columns.add(b.build());
          }
      }
    }
    return new Frame(columns);
  }
}
