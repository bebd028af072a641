package dev.kiln.data.validate;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.data.source.DuckDb;

/**
 * The SQL that reads one column's values as the schema's type. Values are read leniently in the
 * same way DuckDB's reader accepts them, with two deliberate differences: an integer must be a
 * whole number ("1.0" is one, "1.5" is not, where the reader would round it), and a timestamp with
 * a UTC offset is converted to UTC (the reader drops the offset).
 */
final class ColumnSql {
  private ColumnSql() {}

  /** An expression giving {@code raw} as the type, NULL where it is not a value of the type. */
  static String typed(String raw, ColumnType type) {
    return switch (type) {
      case INTEGER ->
          "CASE WHEN TRY_CAST("
              + raw
              + " AS DOUBLE) = TRY_CAST("
              + raw
              + " AS BIGINT) THEN"
              + " TRY_CAST("
              + raw
              + " AS BIGINT) END";
      case FLOAT -> "TRY_CAST(" + raw + " AS DOUBLE)";
      case BOOLEAN -> "TRY_CAST(" + raw + " AS BOOLEAN)";
      case TIMESTAMP ->
          "COALESCE(TRY_CAST(TRY_CAST("
              + raw
              + " AS TIMESTAMPTZ) AS TIMESTAMP), TRY_CAST("
              + raw
              + " AS TIMESTAMP))";
      case CATEGORICAL, TEXT -> text(raw);
    };
  }

  /** The value as text, as a report shows it. */
  static String text(String raw) {
    return "CAST(" + raw + " AS VARCHAR)";
  }

  /** A typed NULL, standing in for a schema column the file lacks. */
  static String nullOf(ColumnType type) {
    return "CAST(NULL AS " + sqlType(type) + ")";
  }

  /** DuckDB's type for a Kiln type. */
  static String sqlType(ColumnType type) {
    return type == ColumnType.INTEGER ? "BIGINT" : dev.kiln.data.source.FileSource.sqlType(type);
  }

  /** A literal of the type, for comparing with typed values. */
  static String literal(String value, ColumnType type) {
    return type.isString()
        ? DuckDb.literal(value)
        : "CAST(" + DuckDb.literal(value) + " AS " + sqlType(type) + ")";
  }

  /** "an integer", "a number", ... for messages. */
  static String noun(ColumnType type) {
    return switch (type) {
      case INTEGER -> "an integer";
      case FLOAT -> "a number";
      case BOOLEAN -> "a boolean (true/false)";
      case TIMESTAMP -> "a timestamp";
      case CATEGORICAL, TEXT -> "text";
    };
  }
}
