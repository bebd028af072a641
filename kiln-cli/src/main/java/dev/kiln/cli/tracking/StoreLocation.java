package dev.kiln.cli.tracking;

import dev.kiln.store.StoreUrl;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store and its artifacts are (DESIGN.md "Where things live"): {@code --store}, else
 * {@code KILN_STORE}, else {@code sqlite:$KILN_HOME/kiln.db} with {@code KILN_HOME} defaulting to
 * {@code ./.kiln}. Artifacts: {@code --artifacts}, else the {@code artifacts/} folder beside a
 * SQLite file (that is {@code $KILN_HOME/artifacts} for the default store), else {@code
 * $KILN_HOME/artifacts}.
 *
 * @param url the store URL as given or defaulted (not yet parsed)
 * @param artifacts the artifact folder
 */
public record StoreLocation(String url, Path artifacts) {
  public static final String STORE_ENV = "KILN_STORE";
  public static final String HOME_ENV = "KILN_HOME";
  static final String DEFAULT_HOME = ".kiln";

  /** Resolves the location from the options (null when not given) and the environment. */
  public static StoreLocation resolve(String store, Path artifacts, Map<String, String> env) {
    Path home = Path.of(blank(env.get(HOME_ENV)) ? DEFAULT_HOME : env.get(HOME_ENV));
    String url = store;
    if (blank(url)) {
      url = env.get(STORE_ENV);
    }
    if (blank(url)) {
      url = "sqlite:" + home.resolve("kiln.db");
    }
    if (artifacts != null) {
      return new StoreLocation(url, artifacts);
    }
    StoreUrl parsed = StoreUrl.parse(url);
    Path folder =
        parsed.path() != null
            ? parsed.path().toAbsolutePath().resolveSibling("artifacts")
            : home.resolve("artifacts");
    return new StoreLocation(url, folder);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
