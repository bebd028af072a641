package dev.kiln.data.io;

import dev.kiln.core.SystemException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.schema.Field;
import dev.kiln.data.source.DuckDb;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.source.FileSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes frames with the same columns to one file, batch after batch, holding none of them: the
 * streaming form of {@link FrameWriter}. Call {@link #finish()} once every batch is appended; a
 * sink closed without it leaves an incomplete file (use it inside {@link AtomicFile#write}).
 *
 * <p>CSV and TSV rows go straight to the file. Parquet and JSON lines go through DuckDB: each batch
 * is appended to a table, copied to a Parquet part file beside the output and the table emptied;
 * {@link #finish()} copies the parts, in order, into the one output file. Memory stays at one batch
 * whatever the number of rows, at the cost of writing the rows twice.
 */
public abstract sealed class FrameSink implements AutoCloseable {
  final Path file;
  final List<Field> columns;

  private FrameSink(Path file, List<Field> columns) {
    this.file = file;
    this.columns = List.copyOf(columns);
  }

  /** Opens a sink writing {@code columns} to {@code file} in {@code format}. */
  public static FrameSink open(Path file, FileFormat format, List<Field> columns) {
    try {
      return format.isDelimited()
          ? new Delimited(file, format.delimiter(), columns)
          : new ThroughDuckDb(file, format, columns);
    } catch (IOException e) {
      throw FrameWriter.unwritable(file, e);
    }
  }

  /** Appends the rows of a frame whose columns are this sink's, in order. */
  public final void append(Frame frame) {
    if (!frame.columnNames().equals(columns.stream().map(Field::name).toList())) {
      throw new IllegalArgumentException(
          "a sink of "
              + columns.stream().map(Field::name).toList()
              + " got "
              + frame.columnNames());
    }
    try {
      write(frame);
    } catch (IOException e) {
      throw FrameWriter.unwritable(file, e);
    }
  }

  abstract void write(Frame frame) throws IOException;

  /** Completes the file. */
  public abstract void finish() throws IOException;

  @Override
  public abstract void close() throws IOException;

  static final class Delimited extends FrameSink {
    private final char delimiter;
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    Delimited(Path file, char delimiter, List<Field> columns) throws IOException {
      super(file, columns);
      this.delimiter = delimiter;
      this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
      out.write(
          columns.stream()
              .map(f -> FrameWriter.quote(f.name(), delimiter))
              .collect(Collectors.joining(String.valueOf(delimiter))));
      out.write('\n');
    }

    @Override
    void write(Frame frame) throws IOException {
      List<Column> cols = frame.columns();
      int n = frame.rowCount();
      for (int r = 0; r < n; r++) {
        line.setLength(0);
        for (int c = 0; c < cols.size(); c++) {
          if (c > 0) {
            line.append(delimiter);
          }
          Column col = cols.get(c);
          if (!col.isNull(r)) {
            line.append(FrameWriter.text(col, r, delimiter));
          }
        }
        line.append('\n');
        out.append(line);
      }
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  static final class ThroughDuckDb extends FrameSink {
    private final FileFormat format;
    private final Connection connection;
    private final Statement statement;
    private final Path partsDir;
    private final List<Path> parts = new ArrayList<>();

    ThroughDuckDb(Path file, FileFormat format, List<Field> columns) throws IOException {
      super(file, columns);
      this.format = format;
      this.partsDir = Files.createTempDirectory(file.toAbsolutePath().getParent(), ".kiln-parts-");
      this.connection = DuckDb.open(false);
      try {
        this.statement = connection.createStatement();
        statement.execute(
            "CREATE TABLE t ("
                + columns.stream()
                    .map(f -> DuckDb.ident(f.name()) + " " + FileSource.sqlType(f.type()))
                    .collect(Collectors.joining(", "))
                + ")");
      } catch (SQLException e) {
        closeQuietly();
        throw new SystemException("writing " + file + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    void write(Frame frame) {
      try {
        try (DuckDBAppender app = ((DuckDBConnection) connection).createAppender("main", "t")) {
          int n = frame.rowCount();
          for (int r = 0; r < n; r++) {
            app.beginRow();
            for (Column col : frame.columns()) {
              FrameWriter.append(app, col, r);
            }
            app.endRow();
          }
        }
        Path part = partsDir.resolve("part-" + parts.size() + ".parquet");
        statement.execute("COPY t TO " + DuckDb.literal(part.toString()) + " (FORMAT parquet)");
        statement.execute("DELETE FROM t");
        parts.add(part);
      } catch (SQLException e) {
        throw new SystemException("writing " + file + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void finish() {
      String options = format == FileFormat.PARQUET ? "(FORMAT parquet)" : "(FORMAT json)";
      // read_parquet over an explicit list keeps the list's order (insertion order is preserved).
      String source =
          parts.isEmpty()
              ? "t"
              : "read_parquet(["
                  + parts.stream()
                      .map(p -> DuckDb.literal(p.toString()))
                      .collect(Collectors.joining(", "))
                  + "])";
      try {
        statement.execute(
            "COPY (SELECT * FROM "
                + source
                + ") TO "
                + DuckDb.literal(file.toString())
                + " "
                + options);
      } catch (SQLException e) {
        throw new SystemException("writing " + file + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      closeQuietly();
      try (Stream<Path> files = Files.walk(partsDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }

    private void closeQuietly() {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing left to keep
      }
    }
  }
}
