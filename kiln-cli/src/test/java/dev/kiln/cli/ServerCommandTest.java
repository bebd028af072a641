package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.store.Store;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void servesMlflowsApiPrintsItsUrlAndStopsGracefullyOnSigterm() throws Exception {
    Path db = dir.resolve("kiln.db");
    Path log = dir.resolve("server.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "server",
                    "--port",
                    "0",
                    "--store",
                    "sqlite:" + db,
                    "--auth-token",
                    "t0ken"))
            .redirectOutput(log.toFile())
            .redirectError(dir.resolve("server.err").toFile()) // JDK 22+ warns of native access
            .start();
    try {
      String first = firstLine(log, p);
      Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(first));
      assertThat(url.find()).as("the first line names the URL: %s", first).isTrue();
      assertThat(first).contains("sqlite:").contains("kiln.db");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create(url.group() + "/api/2.0/mlflow/experiments/create"))
                  .header("Authorization", "Bearer t0ken")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"from-http\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(created.body()).contains("\"experiment_id\":\"1\"");
      HttpResponse<String> anonymous =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(url.group() + "/api/2.0/mlflow/experiments/get?experiment_id=1"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readAllLines(log)).last().isEqualTo("kiln server: stopped");
    } finally {
      p.destroyForcibly();
    }
    try (Store store = Store.open("sqlite:" + db)) {
      assertThat(store.tracking().getExperimentByName("from-http").id()).isEqualTo("1");
    }
  }

  /** The first line the server prints, waiting for it (at most 60 s). */
  private static String firstLine(Path log, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      if (end >= 0) {
        return text.substring(0, end);
      }
      if (!p.isAlive()) {
        return text;
      }
      Thread.sleep(50);
    }
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownStoreSchemeIsOneLineAndExitTwo() {
    CliRun run = CliRun.of("server", "--port", "0", "--store", "mysqll://db/kiln");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("kiln: error: Unknown store scheme 'mysqll'")
        .contains("Known schemes: sqlite, postgresql");
  }

  @Test
  void aPortInUseIsOneLineAndExitTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun run =
          CliRun.of(
              "server",
              "--port",
              String.valueOf(taken.getLocalPort()),
              "--store",
              "sqlite:" + dir.resolve("k.db"));
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err().strip())
          .startsWith("kiln: error: Cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("in use");
      assertThat(run.err().lines().count()).isEqualTo(1);
    }
  }
}
