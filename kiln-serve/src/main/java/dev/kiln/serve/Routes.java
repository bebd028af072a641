package dev.kiln.serve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The server's routing table, written as plain code:
 *
 * <pre>
 *   Routes routes = Routes.builder()
 *       .add(Route.get("/v2/models/{name}", models::metadata))
 *       .add(Route.post("/invocations", scoring::invoke).onIoThread())
 *       .build();
 * </pre>
 *
 * {@code GET /ping} and {@code GET /health} are built in (open without the token) unless the
 * builder defines them. Matching walks a tree of path segments: literal segments before parameters,
 * the method last, so a known path with the wrong method answers 405 with {@code Allow} and an
 * unknown path 404.
 */
public final class Routes {
  static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
  private static final String[] NONE = {};

  private final Node root;
  private final List<Route> all;

  private Routes(Node root, List<Route> all) {
    this.root = root;
    this.all = all;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every route, in the order added (built-in health routes last). */
  public List<Route> all() {
    return all;
  }

  /**
   * Routes and answers a request on the calling thread, with errors rendered as the server renders
   * them; no authentication. For tests without a socket and for in-process callers.
   */
  public Response respond(Request request) {
    Match match = match(request);
    return match.route == null ? match.error : invoke(match.route, request);
  }

  static Response invoke(Route route, Request request) {
    try {
      Response response = route.handler().handle(request);
      if (response == null) {
        throw new IllegalStateException(route + " returned no response");
      }
      return response;
    } catch (Exception | StackOverflowError e) {
      return Errors.render(e, request);
    }
  }

  /** The route for a request (its path parameters bound), or the 404/405/400 error to answer. */
  Match match(Request request) {
    String[] segments;
    try {
      segments = split(request.path());
    } catch (IllegalArgumentException e) {
      return new Match(null, Errors.of(ErrorCode.MALFORMED_REQUEST, e.getMessage()));
    }
    Node node = root;
    String[] values = NONE;
    if (segments != null) {
      String[] found = new String[segments.length];
      node = find(root, segments, 0, found);
      values = found;
    }
    if (node == null || node.methods.isEmpty()) {
      return new Match(
          null,
          Errors.of(
              ErrorCode.ENDPOINT_NOT_FOUND,
              "No endpoint "
                  + request.path()
                  + "; see the server's documentation for its routes."));
    }
    Route route = node.methods.get(request.method());
    if (route == null) {
      String allowed = String.join(", ", new TreeSet<>(node.methods.keySet()));
      return new Match(
          null,
          Errors.of(
                  ErrorCode.METHOD_NOT_ALLOWED,
                  request.method()
                      + " is not allowed on "
                      + request.path()
                      + "; allowed: "
                      + allowed
                      + ".")
              .header("Allow", allowed));
    }
    if (route.paramNames().length > 0) {
      String[] params = new String[route.paramNames().length];
      String[] templates = route.segments();
      for (int i = 0, p = 0; i < templates.length; i++) {
        if (templates[i] == null) {
          params[p++] = values[i];
        }
      }
      request.bind(route.paramNames(), params);
    }
    return new Match(route, null);
  }

  private static Node find(Node node, String[] segments, int index, String[] values) {
    if (index == segments.length) {
      return node.methods.isEmpty() ? null : node;
    }
    Node literal = node.literals.get(segments[index]);
    if (literal != null) {
      Node found = find(literal, segments, index + 1, values);
      if (found != null) {
        return found;
      }
    }
    if (node.param != null && !segments[index].isEmpty()) {
      Node found = find(node.param, segments, index + 1, values);
      if (found != null) {
        values[index] = segments[index];
        return found;
      }
    }
    return null;
  }

  /** The decoded segments of a path; {@code null} for "/"; throws on a path that is not one. */
  static String[] split(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw new IllegalArgumentException(
          "The request target must be a path starting with '/' but was '" + path + "'.");
    }
    if (path.length() == 1) {
      return null;
    }
    List<String> parts = new ArrayList<>(8);
    int start = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        parts.add(decode(path, start, i));
        start = i + 1;
      }
    }
    return parts.toArray(new String[0]);
  }

  private static String decode(String path, int from, int to) {
    if (path.indexOf('%', from) < 0 || path.indexOf('%', from) >= to) {
      return path.substring(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int hi = i + 2 < to ? Character.digit(path.charAt(i + 1), 16) : -1;
        int lo = i + 2 < to ? Character.digit(path.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(
              "The path has a '%' not followed by two hex digits at character " + (i + 1) + ".");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  static final class Match {
    final Route route;
    final Response error;

    Match(Route route, Response error) {
      this.route = route;
      this.error = error;
    }
  }

  private static final class Node {
    final Map<String, Node> literals = new HashMap<>();
    Node param;
    final Map<String, Route> methods = new LinkedHashMap<>(4);
  }

  /** Collects routes; {@link #build()} checks that no two routes claim the same method and path. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    public Builder add(Route route) {
      routes.add(route);
      return this;
    }

    public Builder get(String path, Handler handler) {
      return add(Route.get(path, handler));
    }

    public Builder post(String path, Handler handler) {
      return add(Route.post(path, handler));
    }

    public Builder put(String path, Handler handler) {
      return add(Route.put(path, handler));
    }

    public Builder delete(String path, Handler handler) {
      return add(Route.delete(path, handler));
    }

    public Routes build() {
      List<Route> all = new ArrayList<>(routes);
      Handler healthy = request -> Response.json(200, HEALTHY);
      for (String path : List.of("/ping", "/health")) {
        if (all.stream().noneMatch(r -> r.method().equals("GET") && r.path().equals(path))) {
          all.add(Route.get(path, healthy).onIoThread().withoutAuth());
        }
      }
      Node root = new Node();
      Map<String, Route> shapes = new HashMap<>();
      for (Route route : all) {
        StringBuilder shape = new StringBuilder(route.method());
        Node node = root;
        for (String segment : route.segments()) {
          if (segment == null) {
            shape.append(" /{}");
            node = node.param == null ? (node.param = new Node()) : node.param;
          } else {
            shape.append(" /").append(segment);
            node = node.literals.computeIfAbsent(segment, s -> new Node());
          }
        }
        Route clash = shapes.putIfAbsent(shape.toString(), route);
        if (clash != null) {
          throw new IllegalArgumentException(
              "routes '" + clash + "' and '" + route + "' match the same requests");
        }
        node.methods.put(route.method(), route);
      }
      return new Routes(root, List.copyOf(all));
    }
  }
}
