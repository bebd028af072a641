package dev.kiln.serve;

import java.time.Duration;
import java.util.Objects;

/**
 * Kiln's HTTP server: the routes given, on Netty (chosen by measurement, docs/benchmarks.md).
 *
 * <pre>
 *   try (KilnServer server = KilnServer.builder().port(0).routes(routes).build().start()) {
 *     int port = server.port();
 *     ...
 *   }
 * </pre>
 *
 * Keep-alive and pipelined requests are answered in order; every failure is a JSON error with a
 * status (docs/serving.md), never a dropped connection.
 */
public final class KilnServer implements AutoCloseable {
  private final Builder config;
  private Transport transport;

  private KilnServer(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving; returns this server. */
  public synchronized KilnServer start() {
    if (transport != null) {
      throw new IllegalStateException("the server is already started");
    }
    try {
      transport = new Transport(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the server", e);
    }
    return this;
  }

  /**
   * How the server's sockets are driven. {@link #AUTO} (the default) takes the first available of
   * io_uring, epoll and NIO: io_uring answered 25-43% more one-row predictions per second than
   * epoll on the same machine (docs/benchmarks.md), and some hosts switch it off ({@code
   * kernel.io_uring_disabled}, container seccomp profiles), where epoll serves.
   */
  public enum Io {
    AUTO,
    IO_URING,
    EPOLL,
    NIO;

    /** Its name on the command line: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The transport the started server uses (never {@link Io#AUTO}). */
  public synchronized Io io() {
    if (transport == null) {
      throw new IllegalStateException("the server is not started");
    }
    return transport.io();
  }

  /** The port the server listens on (the one chosen when the builder said 0). */
  public synchronized int port() {
    if (transport == null) {
      throw new IllegalStateException("the server is not started");
    }
    return transport.port();
  }

  /**
   * Stops accepting connections, finishes the requests in flight (for at most the builder's
   * shutdown timeout) and releases the threads. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (transport != null) {
      transport.close(config.shutdownTimeout.toMillis());
      transport = null;
    }
  }

  /** The server's configuration; every setting has a default. */
  public static final class Builder {
    String host = "127.0.0.1";
    int port = 8080;
    int maxBodyBytes = 8 * 1024 * 1024;
    int maxRequestLineBytes = 8 * 1024;
    int maxHeaderBytes = 16 * 1024;
    int ioThreads = Runtime.getRuntime().availableProcessors();
    int workerThreads = 8;
    Io io = Io.AUTO;
    int workerQueue = 1024;
    String authToken;
    Duration shutdownTimeout = Duration.ofSeconds(10);
    Duration idleTimeout = Duration.ofSeconds(60);
    Duration requestTimeout = Duration.ofSeconds(60);
    Routes routes = Routes.builder().build();

    private Builder() {}

    /** The address to bind; default 127.0.0.1 ({@code 0.0.0.0} for every interface). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 picks a free one ({@link KilnServer#port()} tells which). Default 8080. */
    public Builder port(int port) {
      require(port >= 0 && port <= 65535, "port must be 0..65535 but was %d", port);
      this.port = port;
      return this;
    }

    /** The largest request body accepted; larger ones get 413 unread. Default 8 MiB. */
    public Builder maxBodyBytes(int bytes) {
      require(bytes > 0, "maxBodyBytes must be positive but was %d", bytes);
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Event-loop (IO) threads; default one per core. */
    public Builder ioThreads(int threads) {
      require(threads > 0, "ioThreads must be positive but was %d", threads);
      this.ioThreads = threads;
      return this;
    }

    /**
     * The socket transport; default {@link Io#AUTO}. Asking for one this host lacks fails at {@link
     * KilnServer#start()} with the reason.
     */
    public Builder io(Io io) {
      this.io = Objects.requireNonNull(io, "io");
      return this;
    }

    /** Threads for handlers that may block (routes not marked {@code onIoThread}); default 8. */
    public Builder workerThreads(int threads) {
      require(threads > 0, "workerThreads must be positive but was %d", threads);
      this.workerThreads = threads;
      return this;
    }

    /** Requests that may wait for a worker before the server answers 503; default 1024. */
    public Builder workerQueue(int requests) {
      require(requests > 0, "workerQueue must be positive but was %d", requests);
      this.workerQueue = requests;
      return this;
    }

    /** A bearer token every route but the health routes requires; {@code null} (default): none. */
    public Builder authToken(String token) {
      require(
          token == null || !token.isBlank() && token.strip().equals(token),
          "authToken must be non-blank without surrounding spaces but was '%s'",
          token);
      this.authToken = token;
      return this;
    }

    /** How long {@link KilnServer#close()} waits for requests in flight; default 10 s. */
    public Builder shutdownTimeout(Duration timeout) {
      require(!timeout.isNegative(), "shutdownTimeout must not be negative but was %s", timeout);
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * How long a connection may send nothing: then an unfinished request gets 408 and the
     * connection is closed, an idle keep-alive connection is closed. Default 60 s.
     */
    public Builder idleTimeout(Duration timeout) {
      require(timeout.toMillis() > 0, "idleTimeout must be positive but was %s", timeout);
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * How long a request may take to arrive in full, from its first byte: a client that trickles a
     * byte now and then (never idle long enough for {@link #idleTimeout}) gets 408 and the
     * connection is closed once this much time has passed. Checked every quarter of it, so the cut
     * comes 1 to 1.25 times it after the first byte. Default 60 s.
     */
    public Builder requestTimeout(Duration timeout) {
      require(timeout.toMillis() >= 4, "requestTimeout must be at least 4 ms but was %s", timeout);
      this.requestTimeout = timeout;
      return this;
    }

    public Builder routes(Routes routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    public KilnServer build() {
      return new KilnServer(this.copy());
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.host = host;
      copy.port = port;
      copy.maxBodyBytes = maxBodyBytes;
      copy.maxRequestLineBytes = maxRequestLineBytes;
      copy.maxHeaderBytes = maxHeaderBytes;
      copy.ioThreads = ioThreads;
      copy.workerThreads = workerThreads;
      copy.io = io;
      copy.workerQueue = workerQueue;
      copy.authToken = authToken;
      copy.shutdownTimeout = shutdownTimeout;
      copy.idleTimeout = idleTimeout;
      copy.requestTimeout = requestTimeout;
      copy.routes = routes;
      return copy;
    }

    private static void require(boolean condition, String format, Object... args) {
      if (!condition) {
        throw new IllegalArgumentException(String.format(format, args));
      }
    }
  }
}
