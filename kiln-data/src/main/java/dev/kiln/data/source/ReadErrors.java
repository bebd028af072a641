package dev.kiln.data.source;

import dev.kiln.core.UserException;
import dev.kiln.data.io.CsvRecords;
import dev.kiln.data.io.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's multi-paragraph read errors into one line that names the file, line and column.
 * Where DuckDB cannot say where (its dialect sniffer gives up on a ragged file), Kiln's own record
 * reader finds the first record at fault.
 */
final class ReadErrors {
  private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
  private static final Pattern CONVERT =
      Pattern.compile(
          "Error when converting column \"(.*?)\"\\. Could not convert string \"(.*?)\" to '(\\w+)'",
          Pattern.DOTALL);
  private static final Pattern COLUMNS =
      Pattern.compile("Expected Number of Columns: (\\d+) Found: (\\d+)");
  private static final Pattern TYPE_PREFIX = Pattern.compile("^[A-Za-z ]+ Error: ");

  private ReadErrors() {}

  static UserException translate(SQLException e, FileSource source) {
    Path path = source.path();
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    if (msg.contains("Invalid unicode") || msg.contains("not utf-8 encoded")) {
      return invalidUtf8(path);
    }
    Matcher line = CSV_LINE.matcher(msg);
    if (line.find()) {
      String at = path + " line " + line.group(1);
      Matcher convert = CONVERT.matcher(msg);
      if (convert.find()) {
        return new UserException(
            at
                + ", column '"
                + convert.group(1)
                + "': '"
                + shorten(convert.group(2))
                + "' is not "
                + article(convert.group(3))
                + " (the schema's type for this column)");
      }
      Matcher columns = COLUMNS.matcher(msg);
      if (columns.find()) {
        return new UserException(
            at
                + ": expected "
                + columns.group(1)
                + " fields as in the header but found "
                + columns.group(2));
      }
      if (msg.contains("Maximum line size")) {
        return new UserException(
            at + ": the line is longer than " + (FileSource.MAX_LINE_BYTES >> 20) + " MB");
      }
      if (msg.contains("unterminated quote")) {
        return new UserException(at + ": a quoted field is opened but never closed");
      }
      return new UserException(at + ": " + reason(msg));
    }
    if (msg.contains("Error when sniffing file") && source.format().isDelimited()) {
      Optional<String> ragged = diagnose(path, source.format().delimiter());
      if (ragged.isPresent()) {
        return new UserException(ragged.get());
      }
      return new UserException(
          path
              + ": cannot read this file as "
              + source.format().name()
              + ": the rows do not share one layout");
    }
    if (msg.contains("No magic bytes")
        || msg.contains("not a Parquet file")
        || msg.contains("too small to be a Parquet")) {
      return new UserException(path + ": not a Parquet file (its footer is missing or damaged)");
    }
    if (msg.contains("Could not convert") || msg.contains("Conversion Error")) {
      return new UserException(
          path + ": " + reason(msg) + " (the schema's type does not fit the data)");
    }
    return new UserException(path + ": " + reason(msg));
  }

  static UserException invalidUtf8(Path path) {
    try {
      Optional<Utf8.Position> at = Utf8.firstMalformed(path);
      if (at.isPresent()) {
        return new UserException(
            path
                + " line "
                + at.get().line()
                + ", byte "
                + at.get().column()
                + ": invalid UTF-8; save the file as UTF-8 (Kiln reads text files as UTF-8)");
      }
    } catch (IOException ignored) {
      // fall through to the message without a position
    }
    return new UserException(path + ": invalid UTF-8; save the file as UTF-8");
  }

  /** The first record whose field count differs from the header's, as an error message. */
  static Optional<String> diagnose(Path path, char delimiter) {
    try (CsvRecords records =
        new CsvRecords(Files.newBufferedReader(path, StandardCharsets.UTF_8), delimiter)) {
      List<String> header = records.next();
      if (header == null) {
        return Optional.empty();
      }
      for (List<String> r = records.next(); r != null; r = records.next()) {
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue;
        }
        if (r.size() != header.size()) {
          return Optional.of(
              path
                  + " line "
                  + records.recordLine()
                  + ": expected "
                  + header.size()
                  + " fields as in the header but found "
                  + r.size());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The first meaningful line of an engine message, without its error-class prefix. */
  static String reason(String msg) {
    for (String l : msg.split("\n")) {
      String s = TYPE_PREFIX.matcher(l.trim()).replaceFirst("");
      if (!s.isBlank() && !s.startsWith("CSV Error on Line") && !s.startsWith("Original Line")) {
        return shorten(s);
      }
    }
    return shorten(msg);
  }

  private static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static String article(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT);
    if (t.contains("INT")) {
      return "an integer";
    } else if (t.equals("DOUBLE") || t.equals("FLOAT") || t.startsWith("DECIMAL")) {
      return "a number";
    } else if (t.equals("BOOLEAN")) {
      return "a boolean (true/false)";
    } else if (t.startsWith("TIMESTAMP") || t.equals("DATE")) {
      return "a timestamp";
    }
    return "a " + duckType;
  }
}
