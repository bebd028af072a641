package dev.kiln.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server over real sockets, with the transport {@link KilnServer.Io#AUTO} picks (io_uring where
 * the kernel allows it); the subclasses run every test again over epoll and over NIO.
 */
class KilnServerTest {
  /** The transport every server of this class runs on. */
  KilnServer.Io io() {
    return KilnServer.Io.AUTO;
  }

  static final class OverEpoll extends KilnServerTest {
    @Override
    KilnServer.Io io() {
      return KilnServer.Io.EPOLL;
    }
  }

  static final class OverNio extends KilnServerTest {
    @Override
    KilnServer.Io io() {
      return KilnServer.Io.NIO;
    }
  }

  private final HttpClient client = HttpClient.newHttpClient();
  private KilnServer server;

  private static Routes routes() {
    return Routes.builder()
        .add(
            Route.post("/echo", r -> Response.json(Map.of("x", r.json().path("x").asInt())))
                .onIoThread())
        .get(
            "/slow/{ms}",
            r -> {
              Thread.sleep(Long.parseLong(r.pathParam("ms")));
              return Response.text(200, "slept " + r.pathParam("ms"));
            })
        .get(
            "/v2/models/{name}/versions/{version}",
            r ->
                Response.text(
                    200,
                    r.pathParam("name") + "@" + r.pathParam("version") + " " + r.queryParam("q")))
        .build();
  }

  private KilnServer start(KilnServer.Builder builder) {
    server = builder.port(0).io(io()).build().start();
    if (io() != KilnServer.Io.AUTO) {
      assertThat(server.io()).isEqualTo(io());
    }
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void answersRealClientsOnAFreePort() throws Exception {
    start(KilnServer.builder().routes(routes()));
    assertThat(server.port()).isPositive();
    HttpResponse<String> ping = send(HttpRequest.newBuilder(uri("/ping")));
    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"status\":\"ok\"}");
    HttpResponse<String> model =
        send(HttpRequest.newBuilder(uri("/v2/models/iris/versions/2?q=a%20b")));
    assertThat(model.body()).isEqualTo("iris@2 a b");
    HttpResponse<String> echo =
        send(
            HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"x\":7}")));
    assertThat(echo.body()).isEqualTo("{\"x\":7}");
    assertThat(echo.headers().firstValue("content-type")).hasValue("application/json");
  }

  @Test
  void autoTakesIoUringWhereTheKernelAllowsItElseEpoll() {
    start(KilnServer.builder().routes(routes()));
    if (io() == KilnServer.Io.AUTO) {
      assertThat(server.io())
          .isEqualTo(
              io.netty.channel.uring.IoUring.isAvailable()
                  ? KilnServer.Io.IO_URING
                  : KilnServer.Io.EPOLL);
    }
  }

  @Test
  void answersErrorsAsJsonOverTheSocket() throws Exception {
    start(KilnServer.builder().routes(routes()));
    HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/nope")));
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("\"error_code\":\"ENDPOINT_NOT_FOUND\"");
    HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(uri("/echo")));
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
    HttpResponse<String> malformed =
        send(
            HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"x\":")));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("Malformed JSON in the request body at line 1");
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("x=1")));
    assertThat(form.statusCode()).isEqualTo(415);
  }

  @Test
  void refusesABodyOverTheLimitWith413AndKeepsTheConnection() throws Exception {
    start(KilnServer.builder().routes(routes()).maxBodyBytes(1000));
    String big = "{\"x\":\"" + "a".repeat(5000) + "\"}";
    String pipelined =
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
            + big.length()
            + "\r\n\r\n"
            + big
            + "GET /ping HTTP/1.1\r\nHost: t\r\n\r\n";
    List<RawHttp.Reply> replies = RawHttp.exchange(server.port(), pipelined, 2);
    assertThat(replies).hasSize(2);
    assertThat(replies.get(0).status()).isEqualTo(413);
    assertThat(replies.get(0).body())
        .contains("\"error_code\":\"PAYLOAD_TOO_LARGE\"")
        .contains(
            "The request body (5008 bytes) is larger than this server's limit of 1000 bytes.");
    assertThat(replies.get(1).status()).isEqualTo(200);
  }

  @Test
  void refusesAnOversizedBodyFromJavasClient() throws Exception {
    start(KilnServer.builder().routes(routes()).maxBodyBytes(1000));
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"x\":\"" + "a".repeat(100_000) + "\"}")));
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void answersPipelinedRequestsInOrderAcrossIoAndWorkerHandlers() throws Exception {
    start(KilnServer.builder().routes(routes()));
    String body = "{\"x\":1}";
    String post =
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    String requests =
        "GET /slow/50 HTTP/1.1\r\nHost: t\r\n\r\n"
            + post
            + "GET /slow/0 HTTP/1.1\r\nHost: t\r\n\r\n"
            + "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n"
            + post.replace("{\"x\":1}", "{\"x\":2}");
    List<RawHttp.Reply> replies = RawHttp.exchange(server.port(), requests, 5);
    assertThat(replies)
        .extracting(RawHttp.Reply::body)
        .containsExactly("slept 50", "{\"x\":1}", "slept 0", replies.get(3).body(), "{\"x\":2}");
    assertThat(replies.get(3).status()).isEqualTo(404);
  }

  @Test
  void answersAMalformedRequestLineWith400BeforeClosing() throws Exception {
    start(KilnServer.builder().routes(routes()));
    List<RawHttp.Reply> replies = RawHttp.exchange(server.port(), "GARBAGE\r\n\r\n", 1);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).status()).isEqualTo(400);
    assertThat(replies.get(0).body()).contains("Malformed HTTP request");
    List<RawHttp.Reply> huge =
        RawHttp.exchange(server.port(), "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n\r\n", 1);
    assertThat(huge.get(0).status()).isEqualTo(400);
    assertThat(huge.get(0).body()).contains("An HTTP line is larger than 8192 bytes");
    List<RawHttp.Reply> badHeader =
        RawHttp.exchange(server.port(), "GET /ping HTTP/1.1\r\nBad Header\r\n\r\n", 1);
    assertThat(badHeader.get(0).status()).isEqualTo(400);
    List<RawHttp.Reply> relative =
        RawHttp.exchange(server.port(), "GET ping HTTP/1.1\r\nHost: t\r\n\r\n", 1);
    assertThat(relative.get(0).status()).isEqualTo(400);
  }

  @Test
  void closesAfterAnsweringHttp10WithoutKeepAlive() throws Exception {
    start(KilnServer.builder().routes(routes()));
    List<RawHttp.Reply> replies =
        RawHttp.exchange(server.port(), "GET /ping HTTP/1.0\r\n\r\nGET /ping HTTP/1.0\r\n\r\n", 2);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).headers()).containsEntry("connection", "close");
  }

  @Test
  void requiresTheBearerTokenOnEveryRouteButHealth() throws Exception {
    start(KilnServer.builder().routes(routes()).authToken("s3cret"));
    HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/slow/0")));
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
    assertThat(none.body())
        .contains("\"error_code\":\"UNAUTHENTICATED\"")
        .contains("send 'Authorization: Bearer <token>'");
    assertThat(
            send(HttpRequest.newBuilder(uri("/slow/0")).header("Authorization", "Bearer s3cre"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(HttpRequest.newBuilder(uri("/slow/0")).header("Authorization", "Basic s3cret"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(HttpRequest.newBuilder(uri("/slow/0")).header("Authorization", "Bearer s3cret"))
                .body())
        .isEqualTo("slept 0");
    assertThat(send(HttpRequest.newBuilder(uri("/nope"))).statusCode()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(uri("/ping"))).statusCode()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(uri("/health"))).statusCode()).isEqualTo(200);
  }

  @Test
  void finishesARequestInFlightWhenClosedAndThenRefusesConnections() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Routes routes =
        Routes.builder()
            .get(
                "/hold",
                r -> {
                  entered.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return Response.text(200, "done");
                })
            .build();
    start(KilnServer.builder().routes(routes).shutdownTimeout(Duration.ofSeconds(5)));
    int port = server.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(HttpRequest.newBuilder(uri("/hold")).build(), BodyHandlers.ofString());
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    Thread.sleep(200);
    assertThat(closing).isNotDone();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
    release.countDown();
    HttpResponse<String> response = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("done");
    closing.get(5, TimeUnit.SECONDS);
    server = null;
  }

  @Test
  void stopsWaitingForAStuckRequestAfterTheShutdownTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Routes routes =
        Routes.builder()
            .get(
                "/stuck",
                r -> {
                  entered.countDown();
                  Thread.sleep(30_000);
                  return Response.text(200, "never");
                })
            .build();
    start(KilnServer.builder().routes(routes).shutdownTimeout(Duration.ofMillis(300)));
    client.sendAsync(HttpRequest.newBuilder(uri("/stuck")).build(), BodyHandlers.ofString());
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    server.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    server = null;
  }

  @Test
  void answers503WhenEveryWorkerAndQueueSlotIsTaken() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Routes routes =
        Routes.builder()
            .get(
                "/hold",
                r -> {
                  release.await(10, TimeUnit.SECONDS);
                  return Response.text(200, "done");
                })
            .build();
    start(KilnServer.builder().routes(routes).workerThreads(1).workerQueue(1));
    var first =
        client.sendAsync(HttpRequest.newBuilder(uri("/hold")).build(), BodyHandlers.ofString());
    Thread.sleep(100);
    var second =
        client.sendAsync(HttpRequest.newBuilder(uri("/hold")).build(), BodyHandlers.ofString());
    Thread.sleep(100);
    HttpResponse<String> third = send(HttpRequest.newBuilder(uri("/hold")));
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.headers().firstValue("retry-after")).hasValue("1");
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void answersAHandlerHeaderWithALineBreakAs500InsteadOfDroppingTheConnection() throws Exception {
    Routes routes =
        Routes.builder()
            .get("/split", r -> Response.text(200, "x").header("X-A", "1\r\nX-B: 2"))
            .build();
    start(KilnServer.builder().routes(routes));
    List<RawHttp.Reply> replies =
        RawHttp.exchange(
            server.port(), "GET /split HTTP/1.1\r\nHost: t\r\n\r\nGET /ping HTTP/1.1\r\n\r\n", 2);
    assertThat(replies).extracting(RawHttp.Reply::status).containsExactly(500, 200);
    assertThat(replies.get(0).headers()).doesNotContainKey("x-b");
  }

  @Test
  void answersAnUnfinishedRequestWith408AfterTheIdleTimeout() throws Exception {
    start(KilnServer.builder().routes(routes()).idleTimeout(Duration.ofMillis(300)));
    List<RawHttp.Reply> replies =
        RawHttp.exchange(
            server.port(),
            "POST /echo HTTP/1.1\r\nContent-Length: 10\r\nContent-Type: application/json\r\n\r\n{",
            1);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).status()).isEqualTo(408);
    assertThat(replies.get(0).body())
        .contains("The request did not arrive in full within the server's idle timeout.");
    List<RawHttp.Reply> idle = RawHttp.exchange(server.port(), "", 1);
    assertThat(idle).isEmpty(); // an idle connection is closed without a word
  }

  @Test
  void answersARequestTrickledByteByByteWith408AfterTheRequestTimeLimit() throws Exception {
    start(
        KilnServer.builder()
            .routes(routes())
            .idleTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofMillis(400)));
    long start = System.nanoTime();
    // never silent for the idle timeout: a byte of the body every 50 ms, 200 bytes promised
    RawHttp.Reply reply =
        RawHttp.trickle(
            server.port(),
            "POST /echo HTTP/1.1\r\nContent-Length: 200\r\nContent-Type: application/json\r\n\r\n",
            "[" + "1,".repeat(99),
            50);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(reply).isNotNull();
    assertThat(reply.status()).isEqualTo(408);
    assertThat(reply.body())
        .contains("The request did not arrive in full within the server's request time limit.");
    assertThat(seconds)
        .as("cut after 0.4-0.5 s, long before the trickle ends (10 s)")
        .isBetween(0.35, 3.0);
    // a keep-alive connection quiet for longer than the limit between requests is not cut off
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      byte[] ping = "GET /ping HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 2; i++) {
        socket.getOutputStream().write(ping);
        socket.getOutputStream().flush();
        assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        Thread.sleep(700);
      }
    }
    assertThatThrownBy(() -> KilnServer.builder().requestTimeout(Duration.ofMillis(3)))
        .hasMessage("requestTimeout must be at least 4 ms but was PT0.003S");
  }

  @Test
  void rejectsBadSettingsWithTheValueThatArrived() {
    assertThatThrownBy(() -> KilnServer.builder().port(70000))
        .hasMessage("port must be 0..65535 but was 70000");
    assertThatThrownBy(() -> KilnServer.builder().maxBodyBytes(0))
        .hasMessage("maxBodyBytes must be positive but was 0");
    assertThatThrownBy(() -> KilnServer.builder().authToken(" "))
        .hasMessage("authToken must be non-blank without surrounding spaces but was ' '");
  }

  @Test
  void reportsAPortAlreadyInUseAsTheCallersMistake() throws IOException {
    start(KilnServer.builder());
    KilnServer second = KilnServer.builder().port(server.port()).build();
    assertThatThrownBy(second::start)
        .isInstanceOf(dev.kiln.core.UserException.class)
        .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + server.port() + ": ")
        .hasMessageContaining("Address already in use");
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
