package dev.kiln.data.io;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.data.source.DuckDb;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.source.FileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a frame as CSV, TSV, Parquet or JSON lines. The file appears whole or not at all: it is
 * written beside the target under a temporary name and moved into place at the end.
 */
public final class FrameWriter {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private FrameWriter() {}

  public static void write(Frame frame, Path target) {
    write(frame, target, FileFormat.of(target));
  }

  public static void write(Frame frame, Path target, FileFormat format) {
    AtomicFile.write(
        target,
        tmp -> {
          if (format.isDelimited()) {
            writeDelimited(frame, tmp, format);
          } else {
            writeWithDuckDb(frame, tmp, format);
          }
        });
  }

  private static void writeDelimited(Frame frame, Path file, FileFormat format) throws IOException {
    List<Field> fields =
        frame.columns().stream().map(c -> Field.of(c.name(), c.type(), true)).toList();
    try (FrameSink sink = FrameSink.open(file, format, fields)) {
      sink.append(frame);
      sink.finish();
    }
  }

  static String text(Column col, int r, char delimiter) {
    if (col instanceof DoubleColumn d) {
      return Double.toString(d.value(r));
    } else if (col instanceof LongColumn l) {
      return l.type() == ColumnType.TIMESTAMP ? timestamp(l.value(r)) : Long.toString(l.value(r));
    } else if (col instanceof BooleanColumn b) {
      return b.value(r) ? "true" : "false";
    }
    return quote(((StringColumn) col).value(r), delimiter);
  }

  /** Micros since the epoch as {@code yyyy-MM-dd HH:mm:ss[.ffffff]} (UTC). */
  public static String timestamp(long micros) {
    return TIMESTAMP.format(LocalDateTime.of(1970, 1, 1, 0, 0).plus(micros, ChronoUnit.MICROS));
  }

  /** Quotes a field when it holds the delimiter, a quote, a line break or is empty. */
  static String quote(String s, char delimiter) {
    boolean needs = s.isEmpty();
    for (int i = 0; i < s.length() && !needs; i++) {
      char ch = s.charAt(i);
      needs = ch == delimiter || ch == '"' || ch == '\n' || ch == '\r';
    }
    return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  private static void writeWithDuckDb(Frame frame, Path file, FileFormat format)
      throws IOException {
    try (Connection c = DuckDb.open();
        Statement st = c.createStatement()) {
      String columns =
          frame.columns().stream()
              .map(col -> DuckDb.ident(col.name()) + " " + FileSource.sqlType(col.type()))
              .collect(Collectors.joining(", "));
      st.execute("CREATE TABLE t (" + columns + ")");
      try (DuckDBAppender app = ((DuckDBConnection) c).createAppender("main", "t")) {
        int n = frame.rowCount();
        for (int r = 0; r < n; r++) {
          app.beginRow();
          for (Column col : frame.columns()) {
            append(app, col, r);
          }
          app.endRow();
        }
      }
      String options = format == FileFormat.PARQUET ? "(FORMAT parquet)" : "(FORMAT json)";
      st.execute("COPY t TO " + DuckDb.literal(file.toString()) + " " + options);
    } catch (SQLException e) {
      throw new SystemException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }

  static void append(DuckDBAppender app, Column col, int r) throws SQLException {
    if (col.isNull(r)) {
      app.appendNull();
    } else if (col instanceof DoubleColumn d) {
      app.append(d.value(r));
    } else if (col instanceof LongColumn l) {
      if (l.type() == ColumnType.TIMESTAMP) {
        app.appendEpochMicros(l.value(r));
      } else {
        app.append(l.value(r));
      }
    } else if (col instanceof BooleanColumn b) {
      app.append(b.value(r));
    } else {
      app.append(((StringColumn) col).value(r));
    }
  }

  /** Makes sure a write to {@code target} can work before any work is done. */
  public static void checkWritable(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UserException("cannot write " + target + ": the folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new UserException("cannot write " + target + ": permission denied on " + dir);
    }
    if (Files.isDirectory(target)) {
      throw new UserException("cannot write " + target + ": it is a folder");
    }
  }

  static UserException unwritable(Path target, IOException e) {
    return new UserException("cannot write " + target + ": " + e.getMessage());
  }
}
