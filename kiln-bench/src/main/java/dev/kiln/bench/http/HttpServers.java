package dev.kiln.bench.http;

import java.util.Locale;

/**
 * Starts one candidate HTTP server for {@code kiln-bench/bin/http-servers.sh}, which loads it with
 * {@code wrk}. Each answers {@code GET /ping} and {@code POST /echo} (see {@link EchoJson}).
 *
 * <pre>
 *   java -cp 'kiln-bench/target/lib/*' dev.kiln.bench.http.HttpServers netty 8080 2
 * </pre>
 *
 * Arguments: candidate ({@code jdk}, {@code netty}, {@code netty-pool}, {@code undertow}, {@code
 * jetty}, {@code vertx}; {@code kiln} and {@code kiln-pool} for Kiln's own server), port, IO
 * threads (event loops; for {@code jdk}, handler threads). The process prints {@code ready} once it
 * listens and runs until killed.
 */
public final class HttpServers {
  private HttpServers() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println(
          "usage: HttpServers jdk|netty|netty-pool|undertow|jetty|vertx|kiln|kiln-pool PORT THREADS");
      System.exit(2);
    }
    String candidate = args[0].toLowerCase(Locale.ROOT);
    int port = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    switch (candidate) {
      case "jdk" -> JdkServer.start(port, threads);
      case "netty" -> NettyServer.start(port, threads, false);
      case "netty-pool" -> NettyServer.start(port, threads, true);
      case "undertow" -> UndertowServer.start(port, threads);
      case "jetty" -> JettyServer.start(port, threads);
      case "vertx" -> VertxServer.start(port, threads);
      case "kiln" -> KilnCandidate.start(port, threads, false);
      case "kiln-pool" -> KilnCandidate.start(port, threads, true);
      default -> {
        System.err.println("unknown candidate '" + candidate + "'");
        System.exit(2);
      }
    }
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
