package dev.kiln.data.source;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.io.CsvRecords;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A data file read by DuckDB. CSV and TSV are read with a fixed dialect (header row, double-quote
 * quoting, empty unquoted field = null, quoted empty field = empty string) rather than a sniffed
 * one, so a malformed file gets an error at the line at fault instead of a guessed dialect.
 */
public final class FileSource implements DataSource {
  /**
   * Longest CSV line accepted (DuckDB's default is 2 MB). Not more: DuckDB's reader buffer grows
   * with it and, once the buffer holds the whole file, every pass (the sniffer's too) copies the
   * file into fresh memory: on a 244 MB CSV one pass takes 1.6 s of CPU at 32 MB and 1.0 s at 8 MB.
   */
  static final long MAX_LINE_BYTES = 8L << 20;

  /** DuckDB's read buffer: four lines of the longest kind (it must exceed the line limit). */
  static final long BUFFER_BYTES = 4 * MAX_LINE_BYTES;

  private final Path path;
  private final FileFormat format;
  private final Optional<Schema> schema;

  public FileSource(Path path, Optional<Schema> schema) {
    this.path = path;
    this.format = FileFormat.of(path);
    this.schema = schema;
  }

  public FileSource(Path path) {
    this(path, Optional.empty());
  }

  public Path path() {
    return path;
  }

  public FileFormat format() {
    return format;
  }

  @Override
  public String location() {
    return path.toString();
  }

  /**
   * Checks the file exists, is readable and not empty, and has a sound header; returns the header
   * of a CSV or TSV file (empty for other formats).
   */
  public List<String> preflight() {
    if (!Files.exists(path)) {
      throw new UserException("file not found: " + path);
    }
    if (Files.isDirectory(path)) {
      throw new UserException(path + " is a folder, not a data file");
    }
    if (!Files.isReadable(path)) {
      throw new UserException(path + ": permission denied (the file is not readable)");
    }
    try {
      if (Files.size(path) == 0) {
        throw new UserException(path + ": the file is empty");
      }
    } catch (IOException e) {
      throw new UserException("cannot read " + path + ": " + e.getMessage());
    }
    return format.isDelimited() ? header() : List.of();
  }

  private List<String> header() {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    try (CsvRecords records =
        new CsvRecords(
            new java.io.InputStreamReader(Files.newInputStream(path), decoder),
            format.delimiter())) {
      List<String> header = records.next();
      if (header == null || (header.size() == 1 && header.get(0).isBlank())) {
        throw new UserException(path + " line 1: the header row is empty");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i);
        if (name.isEmpty()) {
          throw new UserException(
              path + " line 1, column " + (i + 1) + ": the header has an empty column name");
        }
        if (!seen.add(name)) {
          throw new UserException(
              path + " line 1, column " + (i + 1) + ": duplicate column name '" + name + "'");
        }
      }
      if (records.next() == null) {
        throw new UserException(path + ": the file has a header but no data rows");
      }
      return header;
    } catch (CharacterCodingException e) {
      throw ReadErrors.invalidUtf8(path);
    } catch (IOException e) {
      throw new UserException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** The DuckDB table function that reads this file, with every value as text when asked. */
  public String tableFunction(boolean allVarchar, Map<String, ColumnType> types) {
    String file = DuckDb.literal(path.toAbsolutePath().toString());
    return switch (format) {
      case CSV, TSV -> {
        StringBuilder sql = new StringBuilder("read_csv(").append(file);
        sql.append(", header=true, delim=")
            .append(DuckDb.literal(String.valueOf(format.delimiter())));
        sql.append(", quote='\"', escape='\"', skip=0, strict_mode=true, allow_quoted_nulls=false");
        sql.append(", max_line_size=").append(MAX_LINE_BYTES);
        sql.append(", buffer_size=").append(BUFFER_BYTES);
        if (allVarchar) {
          sql.append(", all_varchar=true");
        } else if (!types.isEmpty()) {
          sql.append(", types={")
              .append(
                  types.entrySet().stream()
                      .map(
                          e ->
                              DuckDb.literal(e.getKey())
                                  + ": "
                                  + DuckDb.literal(readType(e.getValue())))
                      .collect(Collectors.joining(", ")))
              .append('}');
        }
        yield sql.append(')').toString();
      }
      case PARQUET -> "read_parquet(" + file + ")";
      case JSONL -> "read_json(" + file + ", format='newline_delimited', sample_size=-1)";
    };
  }

  /** A DuckDB error met while reading this file, as the one-line message a read would give. */
  public UserException readError(SQLException e) {
    return ReadErrors.translate(e, this);
  }

  /**
   * The DuckDB type a declared column is read as. Integers are read as text and parsed strictly
   * (DuckDB would round 1.5 to 2); timestamps as TIMESTAMPTZ so a value with a UTC offset is
   * converted to UTC rather than having its offset dropped (the session time zone is UTC, so a
   * value without an offset is UTC).
   */
  static String readType(ColumnType type) {
    return switch (type) {
      case INTEGER -> "VARCHAR";
      case TIMESTAMP -> "TIMESTAMPTZ";
      default -> sqlType(type);
    };
  }

  /** DuckDB's type for a Kiln column type. */
  public static String sqlType(ColumnType type) {
    return switch (type) {
      case INTEGER -> "BIGINT";
      case FLOAT -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case TIMESTAMP -> "TIMESTAMP";
      case CATEGORICAL, TEXT -> "VARCHAR";
    };
  }

  @Override
  public Scan scan(int batchRows) {
    List<String> header = preflight();
    Map<String, ColumnType> declared = new LinkedHashMap<>();
    schema.ifPresent(s -> s.fields().forEach(f -> declared.put(f.name(), f.type())));
    Connection c = DuckDb.open();
    String sql = null;
    try {
      sql = select(c, header, declared);
      String query = sql;
      return new PrefetchingScan(
          DuckDbScan.open(c, sql, declared, batchRows, e -> streamError(e, query), this::badValue));
    } catch (SQLException e) {
      closeQuietly(c);
      throw sql == null ? ReadErrors.translate(e, this) : streamError(e, sql);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * An error met while streaming. DuckDB's JDBC driver reports a failure inside a streamed result
   * only as "Invalid result set", so the query is run once more to a sink that keeps nothing, which
   * raises the engine's full message (with its line and column).
   */
  private UserException streamError(SQLException e, String sql) {
    if (e.getMessage() == null || !e.getMessage().contains("Invalid result set")) {
      return ReadErrors.translate(e, this);
    }
    try (Connection c = DuckDb.open();
        Statement st = c.createStatement()) {
      st.execute("COPY (" + sql + ") TO '/dev/null' (FORMAT csv)");
    } catch (SQLException full) {
      return ReadErrors.translate(full, this);
    }
    return ReadErrors.translate(e, this);
  }

  private UserException badValue(BadValue bad) {
    LineIndex lines = LineIndex.of(this, new java.util.TreeSet<>(java.util.Set.of(bad.row)));
    return new UserException(bad.message(path + " " + lines.where(bad.row)));
  }

  private String select(Connection c, List<String> header, Map<String, ColumnType> declared)
      throws SQLException {
    if (declared.isEmpty()) {
      return "SELECT * FROM " + tableFunction(false, Map.of());
    }
    List<String> present = header.isEmpty() ? columnsOf(c) : header;
    List<String> missing = declared.keySet().stream().filter(n -> !present.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw new UserException(
          path
              + ": the schema's column"
              + (missing.size() > 1 ? "s " : " ")
              + missing.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "))
              + (missing.size() > 1 ? " are" : " is")
              + " not in the file (its columns: "
              + String.join(", ", present)
              + ")");
    }
    if (format.isDelimited()) {
      return "SELECT * FROM " + tableFunction(false, declared);
    }
    String columns =
        present.stream()
            .map(
                n ->
                    declared.containsKey(n)
                        ? "CAST("
                            + DuckDb.ident(n)
                            + " AS "
                            + readType(declared.get(n))
                            + ") AS "
                            + DuckDb.ident(n)
                        : DuckDb.ident(n))
            .collect(Collectors.joining(", "));
    return "SELECT " + columns + " FROM " + tableFunction(false, Map.of());
  }

  /** The file's column names as DuckDB reads them (for Parquet and JSON lines). */
  List<String> columnsOf(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("DESCRIBE SELECT * FROM " + tableFunction(false, Map.of()))) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  /**
   * Rows counted from Parquet metadata, or estimated for text formats from the size of the file and
   * the average length of the lines in its first megabytes.
   */
  @Override
  public long estimatedRows() {
    try {
      if (format == FileFormat.PARQUET) {
        try (Connection c = DuckDb.open();
            Statement st = c.createStatement();
            ResultSet rs =
                st.executeQuery("SELECT count(*) FROM " + tableFunction(false, Map.of()))) {
          return rs.next() ? rs.getLong(1) : -1;
        }
      }
      long size = Files.size(path);
      byte[] head = new byte[4 << 20];
      int n;
      try (var in = Files.newInputStream(path)) {
        n = in.readNBytes(head, 0, head.length);
      }
      long lines = 0;
      for (int i = 0; i < n; i++) {
        if (head[i] == '\n') {
          lines++;
        }
      }
      if (lines == 0) {
        return -1;
      }
      long estimate = n == size ? lines : Math.round(size / ((double) n / lines));
      return format.isDelimited() ? estimate - 1 : estimate;
    } catch (IOException | SQLException e) {
      return -1;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing was written through this connection
    }
  }
}
