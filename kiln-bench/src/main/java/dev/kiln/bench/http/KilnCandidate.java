package dev.kiln.bench.http;

import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;

/**
 * Kiln's own server ({@code kiln-serve}) doing the same work, its handlers on the IO thread ({@code
 * kiln}) or dispatched to its worker pool ({@code kiln-pool}, 2 workers).
 */
final class KilnCandidate {
  private KilnCandidate() {}

  static void start(int port, int threads, boolean pool) {
    Route ping = Route.get("/ping", r -> Response.json(200, EchoJson.PING));
    Route echo =
        Route.post(
            "/echo",
            r -> {
              byte[] body = EchoJson.echo(r.body());
              return body == null ? Response.json(400, EchoJson.BAD) : Response.json(200, body);
            });
    Routes routes =
        Routes.builder()
            .add(pool ? ping : ping.onIoThread())
            .add(pool ? echo : echo.onIoThread())
            .build();
    KilnServer.builder()
        .port(port)
        .ioThreads(threads)
        .workerThreads(2)
        .routes(routes)
        .build()
        .start();
  }
}
