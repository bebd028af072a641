package dev.kiln.data.source;

/**
 * A value that does not fit the column's declared type, met while reading row {@code row}
 * (0-based). The source that read it turns it into a user error naming the line.
 */
final class BadValue extends RuntimeException {
  final long row;
  final String column;
  final String value;
  final String expected;

  BadValue(long row, String column, String value, String expected) {
    super(
        "row " + row + ", column '" + column + "': '" + value + "' is not " + expected,
        null,
        false,
        false);
    this.row = row;
    this.column = column;
    this.value = value;
    this.expected = expected;
  }

  /** The message with the place named, e.g. {@code "data.csv line 7"}. */
  String message(String where) {
    String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
    return where
        + ", column '"
        + column
        + "': '"
        + shown
        + "' is not "
        + expected
        + " (the schema's type for this column)";
  }
}
