package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir static Path models;
  static Path bundle;

  @BeforeAll
  static void train() {
    bundle = TrainedBundles.train(models.resolve("fraud.kiln"), "is_fraud", "logistic");
  }

  @AfterEach
  void clearHook() {
    ServeCommand.onReady = null;
  }

  @Test
  void servesTheBundleAnswersItsOwnCurlExampleAndWritesTheLogWhenStopped(@TempDir Path logs)
      throws Exception {
    ServeRun server =
        ServeRun.start(
            "--bundle",
            bundle.toString(),
            "--name",
            "fraud",
            "--port",
            "0",
            "--log-dir",
            logs.toString(),
            "--auth-token",
            "s3cret");
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> open =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(open.statusCode()).isEqualTo(200);
    HttpResponse<String> refused =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v2/models/fraud")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    CliRun result = server.stop();
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("kiln serve: model 'fraud' version 1 (liblinear, binary) from " + bundle)
        .contains("listening on " + base)
        .contains("-H 'Authorization: Bearer $KILN_AUTH_TOKEN'")
        .contains("kiln serve: stopped; prediction log written");
    // the printed example, sent as printed, is answered
    Matcher curl = Pattern.compile("-d '(\\{\"dataframe_split\".*)'").matcher(result.out());
    assertThat(curl.find()).as(result.out()).isTrue();
    assertThat(curl.group(1)).contains("\"columns\": [").contains("\"amount\"");
  }

  @Test
  void theExampleRequestIsScoredAndLogged(@TempDir Path logs) throws Exception {
    ServeRun server =
        ServeRun.start(
            "--bundle",
            bundle.toString(),
            "--port",
            "0",
            "--io-threads",
            "1", // one event loop answers every connection
            "--transport",
            "nio", // the others are ServerTransportTest's
            "--log-dir",
            logs.toString());
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    // the model's name is the bundle's; a request built like the printed example
    HttpResponse<String> meta =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/v2/models/payments")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(meta.statusCode()).as(meta.body()).isEqualTo(200);
    String body =
        "{\"dataframe_records\": [{\"ts\": \"2025-03-01T10:00:00Z\", \"amount\": 12.5,"
            + " \"merchant_category\": \"grocery\", \"channel\": \"pos\", \"country\": \"NL\","
            + " \"card_present\": true, \"customer_age\": 40, \"account_age_days\": 300,"
            + " \"txn_last_24h\": 1, \"distance_from_home_km\": 2.0}]}";
    HttpResponse<String> scored =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
    assertThat(scored.body()).matches("\\{\"predictions\":\\[[01]\\],\"id\":\"[0-9a-f]+-1\"\\}");
    assertThat(server.stop().exit()).isZero();
    try (Stream<Path> files = Files.walk(logs.resolve("predictions"))) {
      List<Path> logged = files.filter(p -> p.toString().endsWith(".jsonl")).toList();
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).toString()).contains("model=payments");
      assertThat(Files.readAllLines(logged.get(0))).hasSize(1);
    }
  }

  @Test
  void aMissingBundleOrABusyPortIsOneLineAndExitCode2() throws Exception {
    CliRun missing = CliRun.of("serve", "--bundle", models.resolve("nope.kiln").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("kiln: error: ").contains("nope.kiln");
    assertThat(missing.err().lines()).hasSize(1);
    try (ServerSocket busy = new ServerSocket(0)) {
      CliRun taken =
          CliRun.of(
              "serve",
              "--bundle",
              bundle.toString(),
              "--port",
              Integer.toString(busy.getLocalPort()),
              "--log-dir",
              models.resolve("logs").toString());
      assertThat(taken.exit()).as(taken.out() + taken.err()).isEqualTo(2);
      assertThat(taken.err())
          .contains("Cannot listen on 127.0.0.1:" + busy.getLocalPort())
          .contains("try another --port");
    }
    CliRun badPort = CliRun.of("serve", "--bundle", bundle.toString(), "--port", "70000");
    assertThat(badPort.exit()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port must be 0..65535 but was 70000");
    CliRun noThreads =
        CliRun.of("serve", "--bundle", bundle.toString(), "--port", "0", "--io-threads", "0");
    assertThat(noThreads.exit()).isEqualTo(2);
    assertThat(noThreads.err()).contains("--io-threads must be 1..256 but was 0");
    CliRun notANumber = CliRun.of("serve", "--bundle", bundle.toString(), "--io-threads", "two");
    assertThat(notANumber.exit()).isEqualTo(2);
    assertThat(notANumber.err()).contains("--io-threads").contains("two");
    CliRun badTransport =
        CliRun.of("serve", "--bundle", bundle.toString(), "--transport", "kqueue");
    assertThat(badTransport.exit()).isEqualTo(2);
    assertThat(badTransport.err())
        .contains("--transport must be auto, io_uring, epoll or nio but was 'kqueue'");
  }
}
