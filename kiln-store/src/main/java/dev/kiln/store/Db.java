package dev.kiln.store;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * A few JDBC connections to one database, lent out one per unit of work. Writes run in a
 * transaction (SQLite's {@code BEGIN IMMEDIATE}, so two processes queue on the busy timeout rather
 * than fail on a lock upgrade); reads run in auto-commit.
 */
final class Db implements AutoCloseable {
  /** A piece of work on a connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final StoreUrl url;
  private final Properties props;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final Semaphore permits;
  private final java.util.concurrent.atomic.AtomicLong writes =
      new java.util.concurrent.atomic.AtomicLong();

  Db(StoreUrl url, Duration connectTimeout) {
    this.url = url;
    this.props = new Properties();
    if (isSqlite()) {
      props.setProperty("journal_mode", "WAL");
      props.setProperty("busy_timeout", "60000");
      props.setProperty("foreign_keys", "true");
      props.setProperty("synchronous", "NORMAL");
      props.setProperty("transaction_mode", "IMMEDIATE");
      // MLflow's LIKE is case-sensitive (ILIKE is not); SQLite's is not unless told
      props.setProperty("case_sensitive_like", "true");
      permits = new Semaphore(4);
    } else {
      if (url.user() != null) {
        props.setProperty("user", url.user());
      }
      if (url.password() != null) {
        props.setProperty("password", url.password());
      }
      long seconds = Math.max(1, connectTimeout.toSeconds());
      props.setProperty("connectTimeout", Long.toString(seconds));
      props.setProperty("loginTimeout", Long.toString(seconds));
      props.setProperty("ApplicationName", "kiln");
      // no server-side prepared statements: after five runs PostgreSQL may switch a prepared
      // search to a generic plan that ignores the filter's values (measured: 58 ms instead of 12)
      props.setProperty("prepareThreshold", "0");
      // a batch of metric inserts goes as multi-row INSERTs rather than one statement per row
      props.setProperty("reWriteBatchedInserts", "true");
      permits = new Semaphore(8);
    }
  }

  boolean isSqlite() {
    return url.engine().equals("sqlite");
  }

  StoreUrl url() {
    return url;
  }

  Connection connect() {
    try {
      return DriverManager.getConnection(url.jdbcUrl(), props);
    } catch (SQLException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (url.password() != null) {
        reason = reason.replace(url.password(), "***");
      }
      throw new UserException(
          "Cannot connect to the store at "
              + url.redacted()
              + ": "
              + reason
              + ". Check that the server is running and the URL, user and password are right.",
          e);
    }
  }

  <T> T write(Work<T> work) {
    return write(work, null);
  }

  /**
   * A write whose unique-key violation is the caller's mistake: two processes that both checked a
   * name was free, then both inserted it. The loser gets {@code onDuplicate}'s exception.
   */
  <T> T write(Work<T> work, java.util.function.Supplier<StoreException> onDuplicate) {
    T result;
    try {
      result = inTransaction(work);
    } catch (SystemException e) {
      if (onDuplicate != null
          && e.getCause() instanceof SQLException
          && isUniqueViolation((SQLException) e.getCause())) {
        throw onDuplicate.get();
      }
      throw e;
    }
    long n = writes.incrementAndGet();
    if (n % (isSqlite() ? OPTIMIZE_EVERY : ANALYZE_EVERY) == 0) {
      try {
        read(
            c -> {
              if (isSqlite()) {
                optimize(c);
              } else {
                analyze(c);
              }
              return null;
            });
      } catch (RuntimeException e) {
        // statistics are an optimisation: the write has committed, a failed refresh changes nothing
      }
    }
    return result;
  }

  private <T> T inTransaction(Work<T> work) {
    return withConnection(
        c -> {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            rollback(c);
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /**
   * SQLite plans by table statistics; without them it walks all of an experiment's runs for a
   * metric filter instead of the few runs the metric's index finds. So statistics are refreshed on
   * open and after every {@value #OPTIMIZE_EVERY} writes, as SQLite advises for long-lived
   * connections: {@code analysis_limit} keeps the sampling to milliseconds, and {@code optimize}
   * analyses only tables that have grown or shrunk a lot since.
   */
  void optimize() {
    if (isSqlite()) {
      read(
          c -> {
            optimize(c);
            return null;
          });
    }
  }

  private static final int OPTIMIZE_EVERY = 1000;

  /**
   * PostgreSQL's autovacuum analyses a table about a minute after it has grown; a process that
   * loads thousands of runs and searches them at once would meanwhile get plans made for empty
   * tables (measured: 9 s instead of 20 ms over 10,000 runs). So a writing process also analyses
   * the searched tables every {@value #ANALYZE_EVERY} writes (sampled, and without blocking readers
   * or writers).
   */
  private static final int ANALYZE_EVERY = 5000;

  private static void analyze(Connection c) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("ANALYZE runs, latest_metrics, params, tags");
    }
  }

  private static void optimize(Connection c) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute("PRAGMA analysis_limit = 400");
      s.execute("PRAGMA optimize = 0x10002");
    }
  }

  <T> T read(Work<T> work) {
    return withConnection(work);
  }

  private <T> T withConnection(Work<T> work) {
    permits.acquireUninterruptibly();
    Connection c = idle.pollFirst();
    boolean healthy = true;
    try {
      if (c == null) {
        c = connect();
      }
      return work.run(c);
    } catch (SQLException e) {
      healthy = false;
      throw new SystemException("The store at " + url.redacted() + " failed: " + e.getMessage(), e);
    } finally {
      if (c != null) {
        if (healthy) {
          idle.addFirst(c);
        } else {
          closeQuietly(c);
        }
      }
      permits.release();
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is the one to report
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }

  @Override
  public void close() {
    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      closeQuietly(c);
    }
  }

  /** Whether the failure is a unique or primary-key violation, on either engine. */
  static boolean isUniqueViolation(SQLException e) {
    if ("23505".equals(e.getSQLState())) {
      return true;
    }
    String m = e.getMessage();
    return m != null
        && (m.contains("UNIQUE constraint failed") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY"));
  }
}
