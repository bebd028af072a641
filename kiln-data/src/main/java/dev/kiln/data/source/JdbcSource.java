package dev.kiln.data.source;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a SQL query over JDBC, read with the database's own driver (SQLite and PostgreSQL
 * ship with Kiln). Connecting gives up after {@value #CONNECT_TIMEOUT_SECONDS} seconds.
 */
public final class JdbcSource implements DataSource {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final String url;
  private final String query;
  private final Optional<Schema> schema;

  public JdbcSource(String url, String query, Optional<Schema> schema) {
    if (query == null || query.isBlank()) {
      throw new UserException("reading " + redact(url) + " needs a query (--query 'SELECT …')");
    }
    this.url = url;
    this.query = query;
    this.schema = schema;
  }

  @Override
  public String location() {
    return redact(url);
  }

  /** The URL without a password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }

  @Override
  public Scan scan(int batchRows) {
    Connection c = connect();
    try {
      Statement st = c.createStatement();
      st.setFetchSize(batchRows);
      ResultSet rs = st.executeQuery(query);
      Map<String, ColumnType> declared = new LinkedHashMap<>();
      schema.ifPresent(s -> s.fields().forEach(f -> declared.put(f.name(), f.type())));
      return new ResultSetScan(
          c,
          st,
          rs,
          declared,
          batchRows,
          this::queryError,
          bad ->
              new UserException(bad.message("query on " + location() + ", row " + (bad.row + 1))));
    } catch (SQLException e) {
      close(c);
      throw queryError(e);
    } catch (RuntimeException e) {
      close(c);
      throw e;
    }
  }

  private Connection connect() {
    if (url.startsWith("jdbc:sqlite:")) {
      // SQLite creates a missing database file on connect; reading from one is always a mistake.
      String file =
          url.substring("jdbc:sqlite:".length())
              .replaceFirst("\\?.*$", "")
              .replaceFirst("^file:", "");
      if (!file.isEmpty()
          && !file.startsWith(":memory:")
          && !java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
        throw new UserException("database file not found: " + file + " (from " + location() + ")");
      }
    }
    DriverManager.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    try {
      Connection c = DriverManager.getConnection(url);
      if (url.startsWith("jdbc:postgresql:")) {
        // A cursor-based read streams large results instead of loading them whole.
        c.setAutoCommit(false);
      }
      return c;
    } catch (SQLException e) {
      String why =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
        throw new UserException(
            "no JDBC driver for "
                + location()
                + "; Kiln reads jdbc:sqlite: and jdbc:postgresql: URLs");
      }
      throw new UserException("cannot connect to " + location() + ": " + why);
    }
  }

  private UserException queryError(SQLException e) {
    String why =
        e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    return new UserException("query on " + location() + " failed: " + why);
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the query already failed; that error is the one to report
    }
  }
}
