package dev.kiln.data.source;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import java.util.ArrayList;
import java.util.List;

/** The column builder for a field's type, and the column it builds: shared by the scans. */
final class ColumnBuilders {
  private ColumnBuilders() {}

  /** One builder per field, in order. */
  static Object[] forFields(List<Field> fields, int capacity) {
    Object[] builders = new Object[fields.size()];
    for (int c = 0; c < builders.length; c++) {
      builders[c] = builder(fields.get(c), capacity);
    }
    return builders;
  }

  /** The frame the builders hold. */
  static Frame frame(Object[] builders) {
    List<Column> columns = new ArrayList<>(builders.length);
    for (Object b : builders) {
      columns.add(build(b));
    }
    return new Frame(columns);
  }

  static Object builder(Field f, int capacity) {
    return switch (f.type()) {
      case FLOAT -> new DoubleColumn.Builder(f.name(), capacity);
      case INTEGER, TIMESTAMP -> new LongColumn.Builder(f.name(), f.type(), capacity);
      case BOOLEAN -> new BooleanColumn.Builder(f.name());
      case CATEGORICAL, TEXT -> new StringColumn.Builder(f.name(), f.type(), capacity);
    };
  }

  static Column build(Object b) {
    if (b instanceof DoubleColumn.Builder d) {
      return d.build();
    } else if (b instanceof LongColumn.Builder l) {
      return l.build();
    } else if (b instanceof BooleanColumn.Builder bool) {
      return bool.build();
    }
    return ((StringColumn.Builder) b).build();
  }
}
