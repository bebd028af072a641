package dev.kiln.bench.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's core {@code Handler} API (no servlets): {@code threads} selectors, a small queued
 * pool, the body read in full before parsing.
 */
final class JettyServer {
  private JettyServer() {}

  static void start(int port, int threads) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(16, 4);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, threads);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = request.getHttpURI().getPath();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, EchoJson.JSON);
            byte[] body;
            if (path.equals("/ping")) {
              body = EchoJson.PING;
            } else if (path.equals("/echo")) {
              ByteBuffer in = Content.Source.asByteBuffer(request);
              byte[] bytes = new byte[in.remaining()];
              in.get(bytes);
              body = EchoJson.echo(bytes);
              if (body == null) {
                response.setStatus(400);
                body = EchoJson.BAD;
              }
            } else {
              response.setStatus(404);
              body = EchoJson.NOT_FOUND;
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
          }
        });
    server.start();
  }
}
