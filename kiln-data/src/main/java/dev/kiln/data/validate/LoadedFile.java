package dev.kiln.data.validate;

import dev.kiln.data.source.DuckDb;
import dev.kiln.data.source.FileSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A data file loaded into DuckDB table {@code raw}, in file order so that {@code rowid} is the row
 * index. CSV, TSV and JSON lines are loaded as text, so a value of the wrong type becomes a
 * reportable value instead of a read error; Parquet keeps its own types.
 */
record LoadedFile(List<String> columns, long rows) {
  static final String TABLE = "raw";

  static LoadedFile load(Connection c, FileSource source) {
    source.preflight();
    try {
      String from =
          switch (source.format()) {
            case CSV, TSV -> source.tableFunction(true, Map.of());
            case PARQUET -> source.tableFunction(false, Map.of());
            case JSONL -> jsonAsText(c, source);
          };
      exec(c, "CREATE TABLE " + TABLE + " AS SELECT * FROM " + from);
      List<String> columns = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("DESCRIBE " + TABLE)) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
        rs.next();
        return new LoadedFile(columns, rs.getLong(1));
      }
    } catch (SQLException e) {
      throw source.readError(e);
    }
  }

  /** JSON lines with every key read as text (objects and lists as their JSON). */
  private static String jsonAsText(Connection c, FileSource source) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("DESCRIBE SELECT * FROM " + source.tableFunction(false, Map.of()))) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    String file = DuckDb.literal(source.path().toAbsolutePath().toString());
    return "read_json("
        + file
        + ", format='newline_delimited', columns={"
        + keys.stream()
            .map(k -> DuckDb.literal(k) + ": 'VARCHAR'")
            .collect(Collectors.joining(", "))
        + "})";
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
