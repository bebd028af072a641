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

  private Migrations() {}

  static int migrate(Db db) {
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
