package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.time.Instant;

/**
 * Applies one fitted transform. Each kind implements its per-value logic once, in {@code encode};
 * the two readers here only fetch values — a whole column for training and batch scoring, one boxed
 * value for serving — and hand each to that same {@code encode}. The skew tests check that the
 * readers agree bit for bit.
 *
 * <p>Output is row-major: the features of row {@code i} start at {@code i * stride + offset}.
 */
abstract class Encoder {
  final String column;
  final int width;

  Encoder(String column, int width) {
    this.column = column;
    this.width = width;
  }

  /** Writes the features of one value (the serving path). */
  abstract void writeRow(Object value, double[] out, int offset);

  /** Writes the features of every row of {@code c} (the training path). */
  final void writeColumn(Column c, double[] out, int stride, int offset) {
    writeColumn(c, out, stride, offset, 0, c.size());
  }

  /**
   * Writes the features of rows {@code from} (inclusive) to {@code to} (exclusive) of {@code c}.
   */
  abstract void writeColumn(Column c, double[] out, int stride, int offset, int from, int to);

  /** Whether a column of type {@code actual} can stand for one fitted as {@code fitted}. */
  abstract boolean reads(ColumnType fitted, ColumnType actual);

  final UserException wrongValue(String expected, Object value) {
    return new UserException(
        "column '"
            + column
            + "' needs "
            + expected
            + " but the row has a "
            + value.getClass().getSimpleName()
            + ": '"
            + value
            + "'");
  }

  final IllegalStateException unreadable(Column c) {
    return new IllegalStateException("column '" + column + "' of type " + c.type() + " unread");
  }

  /** Numbers (integer, float, boolean as 0/1); null reaches {@code encode} as NaN with a flag. */
  abstract static class Numeric extends Encoder {
    Numeric(String column, int width) {
      super(column, width);
    }

    /** The per-value logic; {@code value} is NaN and ignored when {@code isNull}. */
    abstract void encode(double value, boolean isNull, double[] out, int offset);

    @Override
    final void writeRow(Object value, double[] out, int offset) {
      if (value == null) {
        encode(Double.NaN, true, out, offset);
      } else if (value instanceof Number n) {
        encode(n.doubleValue(), false, out, offset);
      } else if (value instanceof Boolean b) {
        encode(b ? 1.0 : 0.0, false, out, offset);
      } else {
        throw wrongValue("a number", value);
      }
    }

    @Override
    final void writeColumn(Column c, double[] out, int stride, int offset, int from, int to) {
      if (c instanceof DoubleColumn d) {
        double[] v = d.values();
        for (int i = from; i < to; i++) {
          boolean isNull = d.isNull(i);
          encode(isNull ? Double.NaN : v[i], isNull, out, i * stride + offset);
        }
      } else if (c instanceof LongColumn l && l.type() == ColumnType.INTEGER) {
        long[] v = l.values();
        for (int i = from; i < to; i++) {
          boolean isNull = l.isNull(i);
          encode(isNull ? Double.NaN : (double) v[i], isNull, out, i * stride + offset);
        }
      } else if (c instanceof BooleanColumn b) {
        for (int i = from; i < to; i++) {
          boolean isNull = b.isNull(i);
          encode(isNull ? Double.NaN : b.value(i) ? 1.0 : 0.0, isNull, out, i * stride + offset);
        }
      } else {
        throw unreadable(c);
      }
    }

    @Override
    final boolean reads(ColumnType fitted, ColumnType actual) {
      return actual == fitted || (actual.isNumeric() && fitted.isNumeric());
    }
  }

  /** Values as category keys: strings as they are, integers and booleans as their text. */
  abstract static class Category extends Encoder {
    Category(String column, int width) {
      super(column, width);
    }

    /** The per-value logic; {@code key} is null for a null value. */
    abstract void encode(String key, double[] out, int offset);

    @Override
    final void writeRow(Object value, double[] out, int offset) {
      encode(key(value), out, offset);
    }

    private String key(Object value) {
      if (value == null || value instanceof String) {
        return (String) value;
      }
      if (value instanceof Long || value instanceof Integer || value instanceof Short) {
        return Long.toString(((Number) value).longValue());
      }
      if (value instanceof Boolean b) {
        return b ? "true" : "false";
      }
      throw wrongValue("a string", value);
    }

    @Override
    final void writeColumn(Column c, double[] out, int stride, int offset, int from, int to) {
      if (c instanceof StringColumn s) {
        String[] v = s.values();
        for (int i = from; i < to; i++) {
          encode(v[i], out, i * stride + offset);
        }
      } else if (c instanceof LongColumn l && l.type() == ColumnType.INTEGER) {
        for (int i = from; i < to; i++) {
          encode(l.isNull(i) ? null : Long.toString(l.value(i)), out, i * stride + offset);
        }
      } else if (c instanceof BooleanColumn b) {
        for (int i = from; i < to; i++) {
          encode(b.isNull(i) ? null : b.value(i) ? "true" : "false", out, i * stride + offset);
        }
      } else {
        throw unreadable(c);
      }
    }

    @Override
    boolean reads(ColumnType fitted, ColumnType actual) {
      return actual == fitted || (actual.isString() && fitted.isString());
    }
  }

  /** Timestamps as epoch microseconds (UTC); a row may also hold an {@link Instant}. */
  abstract static class Timestamp extends Encoder {
    Timestamp(String column, int width) {
      super(column, width);
    }

    /** The per-value logic; {@code micros} is 0 and ignored when {@code isNull}. */
    abstract void encode(long micros, boolean isNull, double[] out, int offset);

    @Override
    final void writeRow(Object value, double[] out, int offset) {
      if (value == null) {
        encode(0L, true, out, offset);
      } else if (value instanceof Long micros) {
        encode(micros, false, out, offset);
      } else if (value instanceof Instant t) {
        encode(
            Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000),
            false,
            out,
            offset);
      } else {
        throw wrongValue("a timestamp (epoch microseconds as a Long, or an Instant)", value);
      }
    }

    @Override
    final void writeColumn(Column c, double[] out, int stride, int offset, int from, int to) {
      if (!(c instanceof LongColumn l) || l.type() != ColumnType.TIMESTAMP) {
        throw unreadable(c);
      }
      long[] v = l.values();
      for (int i = from; i < to; i++) {
        boolean isNull = l.isNull(i);
        encode(isNull ? 0L : v[i], isNull, out, i * stride + offset);
      }
    }

    @Override
    final boolean reads(ColumnType fitted, ColumnType actual) {
      return actual == ColumnType.TIMESTAMP;
    }
  }
}
