package dev.kiln.store;

import dev.kiln.core.UserException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed store URL.
 *
 * <ul>
 *   <li>{@code PATH}, {@code sqlite:PATH}, {@code sqlite:///PATH} (SQLAlchemy's form, as MLflow
 *       writes it), {@code jdbc:sqlite:PATH}: a SQLite file
 *   <li>{@code postgresql://user:pass@host:port/db?params}, {@code postgres://…}, {@code
 *       jdbc:postgresql://…?user=…&password=…}: a PostgreSQL database
 * </ul>
 *
 * @param engine {@code sqlite} or {@code postgresql}
 * @param jdbcUrl the driver's URL, without user and password
 * @param path the SQLite file, or null
 */
public record StoreUrl(
    String engine, String jdbcUrl, String user, String password, Path path, String redacted) {
  /** The default store: SQLite in {@code .kiln/kiln.db} under the working folder. */
  public static final String DEFAULT = "sqlite:.kiln/kiln.db";

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  @Override
  public String toString() {
    return redacted;
  }

  /** Parses a store URL, refusing an unknown scheme by naming the known ones. */
  public static StoreUrl parse(String url) {
    String u = url.strip();
    if (u.startsWith("jdbc:")) {
      u = u.substring("jdbc:".length());
    }
    var m = SCHEME.matcher(u);
    if (!m.find()) {
      return sqlite(u, url);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String rest = u.substring(m.end());
    if (scheme.equals("sqlite") || scheme.equals("file")) {
      if (rest.startsWith("///")) {
        rest = rest.substring(3);
      } else if (rest.startsWith("//")) {
        rest = rest.substring(2);
      }
      return sqlite(rest, url);
    }
    if (scheme.equals("postgresql")
        || scheme.equals("postgres")
        || scheme.startsWith("postgresql+")) {
      return postgres(rest, url);
    }
    throw new UserException(
        "Unknown store scheme '" + m.group(1) + "'. Known schemes: sqlite, postgresql.");
  }

  private static StoreUrl sqlite(String file, String original) {
    if (file.isEmpty()) {
      throw new UserException(
          "The store URL '"
              + original
              + "' names no SQLite file; expected e.g. sqlite:.kiln/kiln.db");
    }
    Path path = Path.of(file).toAbsolutePath().normalize();
    return new StoreUrl("sqlite", "jdbc:sqlite:" + path, null, null, path, "sqlite:" + path);
  }

  private static StoreUrl postgres(String rest, String original) {
    URI uri;
    try {
      uri = new URI("postgresql:" + rest);
    } catch (URISyntaxException e) {
      throw new UserException(
          "The store URL '"
              + redact(original)
              + "' is not a PostgreSQL URL ("
              + e.getReason()
              + "); expected postgresql://user:password@host:port/database");
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new UserException(
          "The store URL '"
              + redact(original)
              + "' needs a host and a database; expected postgresql://user:password@host:port/database");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null) {
      for (String kv : uri.getRawQuery().split("&")) {
        String[] p = kv.split("=", 2);
        String v = p.length > 1 ? decode(p[1]) : "";
        if (p[0].equals("user")) {
          user = v;
        } else if (p[0].equals("password")) {
          password = v;
        } else {
          query.append(query.length() == 0 ? "?" : "&").append(kv);
        }
      }
    }
    String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String jdbc = "jdbc:postgresql://" + hostPort + uri.getRawPath() + query;
    String shown =
        "postgresql://"
            + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
            + hostPort
            + uri.getRawPath()
            + query;
    return new StoreUrl("postgresql", jdbc, user, password, null, shown);
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Hides a password in a URL that could not be parsed. */
  static String redact(String url) {
    return url.replaceAll("(//[^:/@]*:)[^@]*@", "$1***@").replaceAll("(password=)[^&]*", "$1***");
  }

  Path defaultArtifacts() {
    return path != null ? path.getParent().resolve("artifacts") : Path.of(".kiln", "artifacts");
  }
}
