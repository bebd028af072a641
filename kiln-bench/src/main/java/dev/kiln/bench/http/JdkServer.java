package dev.kiln.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The JDK's built-in {@code com.sun.net.httpserver} with a fixed handler pool. */
final class JdkServer {
  private JdkServer() {}

  static void start(int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/", JdkServer::handle);
    server.start();
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    int status = 200;
    if (path.equals("/ping")) {
      body = EchoJson.PING;
    } else if (path.equals("/echo")) {
      byte[] in;
      try (InputStream stream = exchange.getRequestBody()) {
        in = stream.readAllBytes();
      }
      body = EchoJson.echo(in);
      if (body == null) {
        body = EchoJson.BAD;
        status = 400;
      }
    } else {
      body = EchoJson.NOT_FOUND;
      status = 404;
    }
    exchange.getResponseHeaders().set("Content-Type", EchoJson.JSON);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
