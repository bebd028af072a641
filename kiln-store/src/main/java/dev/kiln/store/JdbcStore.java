package dev.kiln.store;

import java.time.Clock;
import java.time.Duration;

/** A store on SQLite or PostgreSQL through JDBC, with its artifact folder. */
final class JdbcStore implements Store {
  private final Db db;
  private final JdbcTracking tracking;
  private final JdbcRegistry registry;
  private final ArtifactStore artifacts;

  private JdbcStore(Db db, ArtifactStore artifacts, Clock clock) {
    this.db = db;
    this.artifacts = artifacts;
    this.tracking = new JdbcTracking(db, clock);
    this.registry = new JdbcRegistry(db, clock, artifacts);
  }

  static Store open(StoreUrl url, ArtifactStore artifacts, Clock clock, Duration connectTimeout) {
    Db db = new Db(url, connectTimeout);
    try {
      if (db.isSqlite()) {
        try {
          java.nio.file.Files.createDirectories(url.path().getParent());
        } catch (java.io.IOException e) {
          throw new dev.kiln.core.UserException(
              "Cannot create the folder for the store " + url.path() + ": " + e, e);
        }
      }
      // fail fast and clearly on an unreachable server before Flyway wraps the error
      db.read(c -> null);
      Migrations.migrate(db);
      db.optimize();
      JdbcStore store = new JdbcStore(db, artifacts, clock);
      store.tracking.ensureDefaultExperiment();
      return store;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  @Override
  public TrackingStore tracking() {
    return tracking;
  }

  @Override
  public RegistryStore registry() {
    return registry;
  }

  @Override
  public ArtifactStore artifacts() {
    return artifacts;
  }

  @Override
  public String url() {
    return db.url().redacted();
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "Store[" + url() + ", artifacts " + artifacts + "]";
  }
}
