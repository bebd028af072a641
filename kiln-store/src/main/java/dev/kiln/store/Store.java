package dev.kiln.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Kiln's metadata and artifact store: tracking, registry and artifacts behind one handle. The
 * backend is chosen by URL (see {@link StoreUrl}): SQLite by default, PostgreSQL for teams. Opening
 * a store brings its schema up to date. Thread-safe; close it to release its connections.
 *
 * <pre>{@code
 * try (Store store = Store.open("sqlite:.kiln/kiln.db")) {
 *   String exp = store.tracking().createExperiment("churn", null, Map.of());
 *   Run run = store.tracking().createRun(NewRun.in(exp).named("lgbm"));
 * }
 * }</pre>
 */
public interface Store extends AutoCloseable {
  TrackingStore tracking();

  RegistryStore registry();

  ArtifactStore artifacts();

  /** The store's URL with any password replaced by {@code ***}. */
  String url();

  @Override
  void close();

  /** Opens the store at the URL with the default artifact folder and the system clock. */
  static Store open(String url) {
    return builder().url(url).open();
  }

  static Builder builder() {
    return new Builder();
  }

  /** How to open a store. */
  final class Builder {
    String url = StoreUrl.DEFAULT;
    Path artifacts;
    Clock clock = Clock.systemUTC();
    Duration connectTimeout = Duration.ofSeconds(5);

    Builder() {}

    /** A file path, {@code sqlite:PATH} or {@code postgresql://user:pass@host:port/db}. */
    public Builder url(String url) {
      this.url = url == null || url.isBlank() ? StoreUrl.DEFAULT : url;
      return this;
    }

    /**
     * The artifact folder; default {@code artifacts/} beside a SQLite file, {@code .kiln/artifacts}
     * for PostgreSQL.
     */
    public Builder artifacts(Path folder) {
      this.artifacts = folder;
      return this;
    }

    /** The clock that stamps creation and update times when the caller gives none. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long to wait for a PostgreSQL server before giving up (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive but was " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    public Store open() {
      StoreUrl parsed = StoreUrl.parse(url);
      Path folder = artifacts != null ? artifacts : parsed.defaultArtifacts();
      return JdbcStore.open(parsed, new FolderArtifactStore(folder), clock, connectTimeout);
    }
  }
}
