package dev.kiln.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever bytes or headers arrive, the server answers with a status below 500 and never drops. */
class RequestFuzzTest {
  private static KilnServer server;

  @BeforeContainer
  static void start() {
    Routes routes =
        Routes.builder()
            .add(
                Route.post("/echo", r -> Response.json(Map.of("keys", r.json().size())))
                    .onIoThread())
            .get("/m/{name}", r -> Response.text(200, r.pathParam("name") + r.queryParam("q")))
            .build();
    server =
        KilnServer.builder()
            .port(0)
            .maxBodyBytes(4096)
            .idleTimeout(Duration.ofMillis(500)) // a request left unfinished gets 408
            .routes(routes)
            .build()
            .start();
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  @Property(tries = 300)
  void randomBytesGetAClientErrorNotADrop(@ForAll("garbage") byte[] bytes) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write(bytes);
    request.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    List<RawHttp.Reply> replies = RawHttp.exchange(server.port(), request.toByteArray(), 1);
    assertThat(replies)
        .as("a response to %s", new String(bytes, StandardCharsets.ISO_8859_1))
        .hasSize(1);
    assertThat(replies.get(0).status()).isBetween(200, 499);
  }

  @Property(tries = 300)
  void randomHeadersAndBodiesGetAnAnswerBelow500(
      @ForAll("targets") String target,
      @ForAll("headers") Map<String, String> headers,
      @ForAll("bodies") String body)
      throws Exception {
    StringBuilder request = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    request.append("Content-Length: ").append(content.length).append("\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(request.toString().getBytes(StandardCharsets.UTF_8));
    bytes.write(content);
    List<RawHttp.Reply> replies = RawHttp.exchange(server.port(), bytes.toByteArray(), 1);
    assertThat(replies).as("a response to %s", request).hasSize(1);
    assertThat(replies.get(0).status()).isBetween(200, 499);
    assertThat(replies.get(0).headers()).containsEntry("content-type", "application/json");
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    // At least one visible character: a request of nothing but blank lines is legally waited on.
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMinSize(1)
        .ofMaxSize(300)
        .filter(
            b -> {
              for (byte x : b) {
                if (x > ' ' && x < 127) {
                  return true;
                }
              }
              return false;
            });
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> junk = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40);
    return Arbitraries.oneOf(
        Arbitraries.of("/echo", "/m/x?q=1", "/echo?x=%zz", "/m/%", "/m/a%2Fb", "*", "/"),
        junk.map(s -> "/" + s),
        junk);
  }

  @Provide
  Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Content-Type",
                "Transfer-Encoding",
                "Expect",
                "Connection",
                "Authorization",
                "Host"),
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                "application/json", "text/csv", "chunked", "100-continue", "close", "gzip", ""),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30),
            Arbitraries.strings().withCharRange('\u0080', '\u00ff').ofMaxLength(5));
    return Arbitraries.maps(names, values).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.of("{}", "{\"a\":1}", "[1,2]", "{\"a\":", "", "null", "\"x\"", "{\"a\":NaN}"),
        Arbitraries.strings().ofMaxLength(200),
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10),
                Arbitraries.integers())
            .as((k, v) -> "{\"" + k + "\":" + v + "}"));
  }
}
