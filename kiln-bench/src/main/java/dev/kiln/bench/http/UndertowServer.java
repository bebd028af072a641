package dev.kiln.bench.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;

/** Undertow 2.3 with the handler on the IO thread (no dispatch to its worker pool). */
final class UndertowServer {
  private UndertowServer() {}

  static void start(int port, int threads) {
    Undertow.builder()
        .setIoThreads(threads)
        .setWorkerThreads(2)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
        .addHttpListener(port, "127.0.0.1")
        .setHandler(UndertowServer::handle)
        .build()
        .start();
  }

  private static void handle(HttpServerExchange exchange) {
    String path = exchange.getRequestPath();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, EchoJson.JSON);
    if (path.equals("/ping")) {
      exchange.getResponseSender().send(ByteBuffer.wrap(EchoJson.PING));
    } else if (path.equals("/echo")) {
      exchange
          .getRequestReceiver()
          .receiveFullBytes(
              (ex, in) -> {
                byte[] body = EchoJson.echo(in);
                if (body == null) {
                  ex.setStatusCode(400);
                  body = EchoJson.BAD;
                }
                ex.getResponseSender().send(ByteBuffer.wrap(body));
              });
    } else {
      exchange.setStatusCode(404);
      exchange.getResponseSender().send(ByteBuffer.wrap(EchoJson.NOT_FOUND));
    }
  }
}
