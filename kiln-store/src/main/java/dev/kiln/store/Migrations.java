package dev.kiln.store;

import dev.kiln.core.SystemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a store's schema to the newest version with Flyway. The scripts live in {@code
 * db/migration/sqlite} and {@code db/migration/postgresql}: the same logical schema in each
 * engine's DDL, one numbered file per change ({@code V2__…} next). Flyway locks PostgreSQL itself;
 * for SQLite, processes opening a new store at once take turns on a lock file.
 */
final class Migrations {
  // Flyway reports each step at INFO through java.util.logging when no other logger is bound;
  // a CLI user should not see that. Held here so the setting is not garbage-collected.
  private static final java.util.logging.Logger FLYWAY_LOG =
      java.util.logging.Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /**
   * The newest schema version in {@code db/migration/<engine>/}; a test checks it against the
   * scripts, so a new {@code V2__} script must raise it.
   */
  static final int LATEST = 1;

  private static final String HISTORY = "kiln_schema_history";

  private Migrations() {}

  static int migrate(Db db) {
    if (upToDate(db)) {
      return 0;
    }
    if (!db.isSqlite()) {
      return run(db);
    }
    Path lockFile = db.url().path().resolveSibling(db.url().path().getFileName() + ".migrate-lock");
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel ch =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        return run(db);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + lockFile + " to set up the store", e);
    }
  }

  /**
   * Whether the store's history records every migration up to {@link #LATEST}, all successful: then
   * there is nothing to do, and starting Flyway (about a third of a second of class loading and
   * classpath scanning in every command) is skipped. Anything else, a newer store included, is left
   * to Flyway, which migrates or explains.
   */
  static boolean upToDate(Db db) {
    try {
      return db.read(
          c -> {
            try (java.sql.ResultSet tables = c.getMetaData().getTables(null, null, HISTORY, null)) {
              if (!tables.next()) {
                return false;
              }
            }
            java.util.Set<String> versions = new java.util.HashSet<>();
            try (java.sql.Statement st = c.createStatement();
                java.sql.ResultSet r =
                    st.executeQuery(
                        "SELECT version, success FROM " + HISTORY + " WHERE version IS NOT NULL")) {
              while (r.next()) {
                if (!r.getBoolean(2)) {
                  return false;
                }
                versions.add(r.getString(1));
              }
            }
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (int v = 1; v <= LATEST; v++) {
              expected.add(Integer.toString(v));
            }
            return versions.equals(expected);
          });
    } catch (RuntimeException e) {
      return false; // Flyway will say what is wrong
    }
  }

  private static int run(Db db) {
    try {
      Flyway flyway =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(new DbDataSource(db))
              .locations("classpath:db/migration/" + db.url().engine())
              .table("kiln_schema_history")
              .baselineOnMigrate(false)
              .load();
      MigrateResult result = flyway.migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new SystemException(
          "Cannot bring the store at " + db.url().redacted() + " up to date: " + e.getMessage(), e);
    }
  }
}
