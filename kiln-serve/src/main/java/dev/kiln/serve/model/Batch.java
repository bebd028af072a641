package dev.kiln.serve.model;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one scoring request in the model's terms: each row's values in the order of {@link
 * ServedModel#inputs()}, already checked against the signature (see {@link Values}).
 */
final class Batch {
  private final ServedModel model;
  private final List<Object[]> rows;
  private final NumberText text;

  Batch(ServedModel model, List<Object[]> rows) {
    this(model, rows, null);
  }

  /** A batch whose numbers' text as they arrived is kept in {@code text} (null: not kept). */
  Batch(ServedModel model, List<Object[]> rows, NumberText text) {
    this.model = model;
    this.rows = rows;
    this.text = text;
  }

  /** The text of the request's numbers as they arrived, for the log; null when not kept. */
  NumberText text() {
    return text;
  }

  int size() {
    return rows.size();
  }

  Object[] row(int i) {
    return rows.get(i);
  }

  ServedModel model() {
    return model;
  }

  /** The rows as a frame of typed columns, for the predictor's batch path. */
  Frame toFrame() {
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
