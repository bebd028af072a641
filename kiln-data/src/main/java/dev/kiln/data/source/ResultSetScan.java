package dev.kiln.data.source;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a JDBC result set (DuckDB's or another database's) into batches of columns. Column types
 * come from the schema file when there is one, else from the result's SQL types.
 */
final class ResultSetScan implements Scan {
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rs;
  private final Schema schema;
  private final boolean inferred;
  private final int batchRows;
  private final Function<SQLException, RuntimeException> errors;
  private final Function<BadValue, RuntimeException> badValues;
  private final boolean[] parseIntegers;
  private long rowsRead;
  private boolean done;

  /**
   * @param declared types from a schema file, by column name (empty to infer from SQL types)
   * @param errors turns an engine error met while reading into a user-facing one
   * @param badValues turns a value that does not fit its declared type into a user-facing error
   */
  ResultSetScan(
      Connection connection,
      Statement statement,
      ResultSet rs,
      Map<String, ColumnType> declared,
      int batchRows,
      Function<SQLException, RuntimeException> errors,
      Function<BadValue, RuntimeException> badValues)
      throws SQLException {
    this.connection = connection;
    this.statement = statement;
    this.rs = rs;
    this.batchRows = batchRows;
    this.errors = errors;
    this.badValues = badValues;
    ResultSetMetaData md = rs.getMetaData();
    List<Field> fields = new ArrayList<>();
    this.parseIntegers = new boolean[md.getColumnCount()];
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String name = md.getColumnLabel(i);
      ColumnType type = declared.get(name);
      ColumnType sqlType = typeOf(name, md.getColumnType(i), md.getColumnTypeName(i));
      if (type == null) {
        type = sqlType;
      }
      parseIntegers[i - 1] = type == ColumnType.INTEGER && sqlType.isString();
      fields.add(Field.of(name, type, true));
    }
    this.schema = new Schema(fields);
    this.inferred = declared.isEmpty();
  }

  static ColumnType typeOf(String column, int sqlType, String typeName) {
    String name = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    switch (sqlType) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT:
        return ColumnType.INTEGER;
      case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.DECIMAL, Types.NUMERIC:
        return ColumnType.FLOAT;
      case Types.BOOLEAN, Types.BIT:
        return ColumnType.BOOLEAN;
      case Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE:
        return ColumnType.TIMESTAMP;
      case Types.VARCHAR,
      Types.CHAR,
      Types.LONGVARCHAR,
      Types.NVARCHAR,
      Types.NCHAR,
      Types.CLOB,
      Types.NULL:
        return ColumnType.TEXT;
      default:
        break;
    }
    if (name.matches("U?(HUGE|BIG|SMALL|TINY)?INT(EGER)?\\d*|UHUGEINT")) {
      return ColumnType.INTEGER;
    }
    if (name.startsWith("TIMESTAMP") || name.equals("DATE")) {
      return ColumnType.TIMESTAMP;
    }
    if (name.equals("TIME") || name.equals("UUID") || name.equals("ENUM") || name.isEmpty()) {
      return ColumnType.TEXT;
    }
    throw new UserException(
        "column '"
            + column
            + "' has SQL type "
            + typeName
            + ", which Kiln does not read; cast it in a query to a number, boolean, timestamp or"
            + " text");
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean stringTypesInferred() {
    return inferred;
  }

  @Override
  public Frame next() {
    if (done) {
      return null;
    }
    List<Field> fields = schema.fields();
    int n = fields.size();
    Object[] builders = ColumnBuilders.forFields(fields, batchRows);
    int rows = 0;
    try {
      while (rows < batchRows && rs.next()) {
        for (int c = 0; c < n; c++) {
          readValue(builders[c], c + 1);
        }
        rows++;
        rowsRead++;
      }
      if (rows < batchRows) {
        done = true;
      }
    } catch (SQLException e) {
      throw errors.apply(e);
    }
    if (rows == 0) {
      return null;
    }
    return ColumnBuilders.frame(builders);
  }

  private void readValue(Object b, int i) throws SQLException {
    if (b instanceof DoubleColumn.Builder d) {
      double v = rs.getDouble(i);
      if (rs.wasNull()) {
        d.addNull();
      } else {
        d.add(v);
      }
    } else if (b instanceof LongColumn.Builder l) {
      if (schema.fields().get(i - 1).type() == ColumnType.TIMESTAMP) {
        Object o = rs.getObject(i);
        if (o == null) {
          l.addNull();
        } else {
          l.add(micros(o));
        }
      } else if (parseIntegers[i - 1]) {
        String text = rs.getString(i);
        if (text == null) {
          l.addNull();
        } else {
          Long v = Integers.parse(text);
          if (v == null) {
            throw badValues.apply(
                new BadValue(rowsRead, schema.fields().get(i - 1).name(), text, "an integer"));
          }
          l.add(v);
        }
      } else {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          l.addNull();
        } else {
          l.add(v);
        }
      }
    } else if (b instanceof BooleanColumn.Builder bool) {
      boolean v = rs.getBoolean(i);
      if (rs.wasNull()) {
        bool.addNull();
      } else {
        bool.add(v);
      }
    } else {
      ((StringColumn.Builder) b).add(rs.getString(i));
    }
  }

  /** Microseconds since the epoch, reading zone-less timestamps as UTC. */
  static long micros(Object o) {
    if (o instanceof LocalDateTime t) {
      return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
    } else if (o instanceof java.sql.Timestamp t) {
      return micros(t.toLocalDateTime());
    } else if (o instanceof OffsetDateTime t) {
      return micros(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } else if (o instanceof LocalDate d) {
      return micros(d.atStartOfDay());
    } else if (o instanceof java.sql.Date d) {
      return micros(d.toLocalDate().atStartOfDay());
    } else if (o instanceof String s) {
      return micros(LocalDateTime.parse(s.replace(' ', 'T')));
    }
    throw new UserException("cannot read a timestamp from a value of type " + o.getClass());
  }

  @Override
  public void close() {
    try {
      rs.close();
      statement.close();
      connection.close();
    } catch (SQLException e) {
      // Closing after a read cannot lose data; the read's own errors were already reported.
    }
  }
}
