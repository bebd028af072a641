package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Sends 12,000 generated bad scoring requests — valid bodies with values, keys, syntax, content
 * types and paths corrupted — over keep-alive connections to a real server, and checks that each
 * one is answered with a JSON error of status 4xx (or 200 when the corruption left a valid request)
 * on the same connection: no 5xx and no dropped connection.
 */
class BadRequestFloodTest {
  private static final String[] PATHS = {
    "/invocations",
    "/invocations?output=probability",
    "/invocations?model=payments&version=1",
    "/invocations?model=nope",
    "/invocations?output=%ZZ",
    "/v2/models/payments/infer",
    "/v2/models/payments/versions/1/infer",
    "/v2/models/payments/versions/7/infer",
    "/v2/models/nope/infer",
  };
  private static final String[] TYPES = {
    "application/json",
    "application/json; charset=utf-8",
    "text/csv",
    "text/plain",
    "application/x-www-form-urlencoded",
    null,
  };
  private static final String[] VALUES = {
    "\"x\"",
    "NaN",
    "null",
    "1e400",
    "-1",
    "[]",
    "{}",
    "true",
    "\"2025-13-40T99:00:00Z\"",
    "99999999999999999999999",
    "1.5",
    "\"\"",
    "[[1]]",
    "-Infinity",
    "\"NaN\"",
    "0"
  };

  @Test
  void twelveThousandBadRequestsGet4xxOnTheSameConnections() throws Exception {
    ServedModel model = PaymentsModel.served("1");
    ModelRegistry registry = new ModelRegistry();
    registry.put(model);
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(3, 4));
    String[] bases = {
      Requests.split(rows),
      Requests.records("dataframe_records", rows),
      Requests.columns("inputs", rows),
      Requests.records("instances", rows),
      Requests.csv(rows),
      Requests.infer(model, rows, "r1"),
    };
    SplittableRandom random = new SplittableRandom(20261124);
    Map<Integer, Integer> statuses = new TreeMap<>();
    try (ModelService service = ModelService.builder().registry(registry).build();
        KilnServer server =
            KilnServer.builder().port(0).routes(service.routes(Routes.builder())).build().start()) {
      int sent = 0;
      for (int connection = 0; connection < 12; connection++) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          socket.setSoTimeout(10_000);
          socket.setTcpNoDelay(true);
          OutputStream out = socket.getOutputStream();
          InputStream in = new BufferedInputStream(socket.getInputStream());
          for (int i = 0; i < 1_000; i++) {
            String path = PATHS[random.nextInt(PATHS.length)];
            String type = TYPES[random.nextInt(TYPES.length)];
            String body = corrupt(bases[random.nextInt(bases.length)], random);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head =
                "POST "
                    + path
                    + " HTTP/1.1\r\nHost: x\r\n"
                    + (type == null ? "" : "Content-Type: " + type + "\r\n")
                    + "Content-Length: "
                    + bytes.length
                    + "\r\n\r\n";
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + bytes.length);
            request.write(head.getBytes(StandardCharsets.ISO_8859_1));
            request.write(bytes);
            out.write(request.toByteArray()); // one write: no Nagle wait between head and body
            out.flush();
            int[] status = new int[1];
            String answer = read(in, status);
            assertThat(answer)
                .as("connection %d closed after %d requests", connection, i)
                .isNotNull();
            statuses.merge(status[0], 1, Integer::sum);
            assertThat(status[0])
                .as("%s %s %s -> %s", path, type, body, answer)
                .isBetween(200, 499);
            if (status[0] >= 400) {
              JsonNode error = Json.mapper().readTree(answer);
              assertThat(error.get("error").asText()).as(body).isNotBlank();
            }
            sent++;
          }
        }
      }
      assertThat(sent).isEqualTo(12_000);
    }
    int errors =
        statuses.entrySet().stream()
            .filter(e -> e.getKey() >= 400)
            .mapToInt(Map.Entry::getValue)
            .sum();
    assertThat(errors).as("statuses %s", statuses).isGreaterThan(9_000);
    assertThat(statuses.keySet()).as("statuses %s", statuses).contains(400, 404, 415);
  }

  private static String corrupt(String body, SplittableRandom random) {
    int n = 1 + random.nextInt(3);
    String b = body;
    for (int k = 0; k < n; k++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(6)) {
        case 0: // a value replaced by one of the wrong kind
          {
            int colon = b.indexOf(':', at);
            int comma = colon < 0 ? -1 : b.indexOf(',', colon);
            if (colon > 0 && comma > colon) {
              b =
                  b.substring(0, colon + 1)
                      + VALUES[random.nextInt(VALUES.length)]
                      + b.substring(comma);
            }
            break;
          }
        case 1: // characters deleted
          b = b.substring(0, at) + b.substring(Math.min(b.length(), at + 1 + random.nextInt(8)));
          break;
        case 2: // a key misspelled
          {
            int quote = b.indexOf('"', at);
            if (quote > 0 && quote + 2 < b.length()) {
              b = b.substring(0, quote + 1) + "z" + b.substring(quote + 2);
            }
            break;
          }
        case 3: // truncated
          b = b.substring(0, at);
          break;
        case 4: // a number in a string column, a string in a number column
          b =
              b.replaceFirst("\"online\"|\"pos\"|\"ecommerce\"", "17")
                  .replaceFirst("(\"amount\":)[-0-9.eE]+", "$1\"12\"");
          break;
        default: // random bytes
          {
            StringBuilder junk = new StringBuilder();
            for (int j = 0; j < 1 + random.nextInt(6); j++) {
              junk.append((char) (random.nextInt(0x7f - 0x20) + 0x20));
            }
            b = b.substring(0, at) + junk + b.substring(at);
          }
      }
      if (b.isEmpty()) {
        b = "{";
      }
    }
    return b;
  }

  /** Reads one response; its body, with the status in {@code status[0]}; null if closed. */
  private static String read(InputStream in, int[] status) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return null;
    }
    status[0] = Integer.parseInt(statusLine.split(" ")[1]);
    int length = 0;
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(l.substring(15).trim());
      }
      if (l.regionMatches(true, 0, "connection: close", 0, 17)) {
        throw new AssertionError("the server closed the connection after status " + status[0]);
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String s = bytes.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      bytes.write(b);
    }
    return null;
  }
}
