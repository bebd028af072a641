package dev.kiln.data.source;

import dev.kiln.core.SystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens in-process DuckDB connections configured the way Kiln reads data. */
public final class DuckDb {
  private DuckDb() {}

  /**
   * An in-memory database whose query results stream, so a scan of a file larger than memory holds
   * only a few chunks at a time; spills go to the system temporary folder, never the working
   * directory.
   */
  public static Connection open() {
    return open(true);
  }

  /**
   * As {@link #open()}, choosing whether results stream. Without streaming a query's error keeps
   * its message (DuckDB 2.0's JDBC driver reports an error met while streaming only as "Invalid
   * result set"); use it for queries whose results are small.
   */
  public static Connection open(boolean streamResults) {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", Boolean.toString(streamResults));
    try {
      Path temp =
          Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "kiln-duckdb"));
      props.setProperty("temp_directory", temp.toString());
      Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
      try (var st = c.createStatement()) {
        // Timestamps without an offset are UTC everywhere in Kiln, whatever the machine's zone.
        st.execute("SET TimeZone = 'UTC'");
      }
      return c;
    } catch (SQLException | java.io.IOException e) {
      throw new SystemException("cannot start the embedded DuckDB engine: " + e.getMessage(), e);
    }
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A SQL identifier, quoted. */
  public static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
