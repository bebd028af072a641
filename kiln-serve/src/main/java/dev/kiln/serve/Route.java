package dev.kiln.serve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A method, a path template and its handler. Templates are literal segments and whole-segment
 * parameters: {@code /v2/models/{name}/versions/{version}/infer}. By default a handler runs on the
 * worker pool (it may block: a database, a file); {@link #onIoThread()} runs a CPU-cheap handler (a
 * prediction of a few microseconds) on the connection's IO thread, which saves a thread hand-off.
 */
public final class Route {
  private final String method;
  private final String path;
  private final Handler handler;
  private final boolean ioThread;
  private final boolean auth;
  private final String[] segments; // a parameter segment is stored as null
  private final String[] paramNames;

  private Route(String method, String path, Handler handler, boolean ioThread, boolean auth) {
    this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.path = Objects.requireNonNull(path, "path");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.ioThread = ioThread;
    this.auth = auth;
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a route path must start with '/' but was '" + path + "'");
    }
    String[] parts = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    segments = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.startsWith("{") && part.endsWith("}") && part.length() > 2) {
        String name = part.substring(1, part.length() - 1);
        if (!seen.add(name)) {
          throw new IllegalArgumentException(
              "path parameter '" + name + "' appears twice in '" + path + "'");
        }
        names.add(name);
      } else if (part.isEmpty() || part.contains("{") || part.contains("}")) {
        throw new IllegalArgumentException(
            "segment "
                + (i + 1)
                + " of '"
                + path
                + "' must be a literal or a whole {name} but was '"
                + part
                + "'");
      } else {
        segments[i] = part;
      }
    }
    paramNames = names.toArray(new String[0]);
  }

  public static Route of(String method, String path, Handler handler) {
    return new Route(method, path, handler, false, true);
  }

  public static Route get(String path, Handler handler) {
    return of("GET", path, handler);
  }

  public static Route post(String path, Handler handler) {
    return of("POST", path, handler);
  }

  public static Route put(String path, Handler handler) {
    return of("PUT", path, handler);
  }

  public static Route patch(String path, Handler handler) {
    return of("PATCH", path, handler);
  }

  public static Route delete(String path, Handler handler) {
    return of("DELETE", path, handler);
  }

  /** This route with its handler run on the IO thread: only for handlers that never block. */
  public Route onIoThread() {
    return new Route(method, path, handler, true, auth);
  }

  /** This route open without the bearer token (health checks). */
  public Route withoutAuth() {
    return new Route(method, path, handler, ioThread, false);
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public Handler handler() {
    return handler;
  }

  public boolean runsOnIoThread() {
    return ioThread;
  }

  public boolean requiresAuth() {
    return auth;
  }

  String[] segments() {
    return segments;
  }

  String[] paramNames() {
    return paramNames;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
