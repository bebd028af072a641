package dev.kiln.data.source;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Joins batches into one frame. */
final class Frames {
  private Frames() {}

  static Frame concat(List<Frame> batches, Schema schema) {
    if (batches.size() == 1) {
      return batches.get(0);
    }
    if (batches.isEmpty()) {
      return empty(schema);
    }
    int rows = batches.stream().mapToInt(Frame::rowCount).sum();
    List<Column> out = new ArrayList<>();
    Frame first = batches.get(0);
    for (int c = 0; c < first.columnCount(); c++) {
      out.add(concatColumn(batches, c, rows));
    }
    return new Frame(out);
  }

  static Frame empty(Schema schema) {
    List<Column> out = new ArrayList<>();
    for (Field f : schema.fields()) {
      out.add(
          switch (f.type()) {
            case FLOAT -> new DoubleColumn(f.name(), new double[0], new BitSet(), 0);
            case INTEGER, TIMESTAMP ->
                new LongColumn(f.name(), f.type(), new long[0], new BitSet(), 0);
            case BOOLEAN -> new BooleanColumn(f.name(), new BitSet(), new BitSet(), 0);
            case CATEGORICAL, TEXT -> new StringColumn(f.name(), f.type(), new String[0]);
          });
    }
    return new Frame(out);
  }

  private static Column concatColumn(List<Frame> batches, int c, int rows) {
    Column first = batches.get(0).columns().get(c);
    BitSet nulls = new BitSet(rows);
    int at = 0;
    if (first instanceof DoubleColumn d) {
      double[] values = new double[rows];
      for (Frame b : batches) {
        DoubleColumn part = (DoubleColumn) b.columns().get(c);
        System.arraycopy(part.values(), 0, values, at, part.size());
        orShifted(nulls, part.nulls(), at);
        at += part.size();
      }
      return new DoubleColumn(d.name(), values, nulls, rows);
    } else if (first instanceof LongColumn l) {
      long[] values = new long[rows];
      for (Frame b : batches) {
        LongColumn part = (LongColumn) b.columns().get(c);
        System.arraycopy(part.values(), 0, values, at, part.size());
        orShifted(nulls, part.nulls(), at);
        at += part.size();
      }
      return new LongColumn(l.name(), l.type(), values, nulls, rows);
    } else if (first instanceof BooleanColumn bool) {
      BitSet values = new BitSet(rows);
      for (Frame b : batches) {
        BooleanColumn part = (BooleanColumn) b.columns().get(c);
        orShifted(values, part.values(), at);
        orShifted(nulls, part.nulls(), at);
        at += part.size();
      }
      return new BooleanColumn(bool.name(), values, nulls, rows);
    } else {
      StringColumn s = (StringColumn) first;
      String[] values = new String[rows];
      for (Frame b : batches) {
        StringColumn part = (StringColumn) b.columns().get(c);
        System.arraycopy(part.values(), 0, values, at, part.size());
        at += part.size();
      }
      return new StringColumn(s.name(), s.type(), values);
    }
  }

  private static void orShifted(BitSet into, BitSet from, int offset) {
    for (int i = from.nextSetBit(0); i >= 0; i = from.nextSetBit(i + 1)) {
      into.set(i + offset);
    }
  }
}
