package dev.kiln.cli.tracking;

import dev.kiln.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that uses the store shares: where the store and artifacts are. */
public final class StoreOptions {
  @Option(
      names = "--store",
      paramLabel = "URL",
      description =
          "The store: a SQLite file (sqlite:PATH) or postgresql://user:pass@host:port/db"
              + " (default: $KILN_STORE, else sqlite:$KILN_HOME/kiln.db, KILN_HOME default .kiln).")
  String store;

  @Option(
      names = "--artifacts",
      paramLabel = "DIR",
      description =
          "The artifact folder (default: artifacts/ beside a SQLite store, else"
              + " $KILN_HOME/artifacts).")
  Path artifacts;

  public StoreLocation location() {
    return StoreLocation.resolve(store, artifacts, System.getenv());
  }

  /** Opens the store; an unknown scheme or unreachable server is a one-line user error. */
  public Store open() {
    StoreLocation where = location();
    return Store.builder().url(where.url()).artifacts(where.artifacts()).open();
  }
}
