package dev.kiln.bench.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** Vert.x 5 core: one verticle instance per event loop, each with its own HTTP server. */
final class VertxServer {
  private VertxServer() {}

  static void start(int port, int threads) throws Exception {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(threads).setPreferNativeTransport(true));
    vertx
        .deployVerticle(() -> new Verticle(port), new DeploymentOptions().setInstances(threads))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    System.err.println("vertx native transport: " + vertx.isNativeTransportEnabled());
  }

  private static final class Verticle extends AbstractVerticle {
    private static final Buffer PING = Buffer.buffer(EchoJson.PING);
    private final int port;

    Verticle(int port) {
      this.port = port;
    }

    @Override
    public void start() {
      vertx
          .createHttpServer(
              new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
          .requestHandler(Verticle::handle)
          .listen();
    }

    private static void handle(HttpServerRequest request) {
      String path = request.path();
      request.response().putHeader("content-type", EchoJson.JSON);
      if (path.equals("/ping")) {
        request.response().end(PING);
      } else if (path.equals("/echo")) {
        request
            .body()
            .onSuccess(
                in -> {
                  byte[] body = EchoJson.echo(in.getBytes());
                  if (body == null) {
                    request.response().setStatusCode(400);
                    body = EchoJson.BAD;
                  }
                  request.response().end(Buffer.buffer(body));
                });
      } else {
        request.response().setStatusCode(404).end(Buffer.buffer(EchoJson.NOT_FOUND));
      }
    }
  }
}
