package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.store.ModelVersion;
import dev.kiln.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln serve --model} and {@code kiln server --model}: models served from a real SQLite
 * registry, followed when the alias moves, and the command line's mistakes as one line each.
 */
class ServeFromRegistryTest {
  private static final String ROW =
      "{\"dataframe_records\": [{\"ts\": \"2025-03-01T10:00:00Z\", \"amount\": 12.5,"
          + " \"merchant_category\": \"grocery\", \"channel\": \"pos\", \"country\": \"NL\","
          + " \"card_present\": true, \"customer_age\": 40, \"account_age_days\": 300,"
          + " \"txn_last_24h\": 1, \"distance_from_home_km\": 2.0}]}";

  @TempDir static Path dir;
  static String store;
  static Path logistic;
  static Path xgboost;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void registerTwoVersions() {
    logistic = TrainedBundles.train(dir.resolve("logistic.kiln"), "is_fraud", "logistic");
    xgboost = TrainedBundles.train(dir.resolve("xgboost.kiln"), "is_fraud", "xgboost");
    store = "sqlite:" + dir.resolve("kiln.db");
    ok(cli("models", "register", "fraud", "--bundle", logistic.toString(), "--alias", "champion"));
    ok(cli("models", "register", "fraud", "--bundle", xgboost.toString()));
  }

  @AfterEach
  void clearHooks() {
    ServeCommand.onReady = null;
    ServerCommand.onReady = null;
  }

  private static CliRun cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--store";
    all[args.length + 1] = store;
    all[args.length + 2] = "--who";
    all[args.length + 3] = "test";
    return CliRun.of(all);
  }

  private static void ok(CliRun r) {
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> score(int port, String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations" + query))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(ROW))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String version(HttpResponse<String> r) {
    return r.headers().firstValue("X-Model-Version").orElse("none");
  }

  @Test
  void servesAnAliasAndABundleInOneProcessAndSwapsWhenTheAliasMoves() throws Exception {
    ServeRun server =
        ServeRun.start(
            "--model",
            "fraud@champion",
            "--bundle",
            xgboost.toString(),
            "--name",
            "local",
            "--store",
            store,
            "--poll-seconds",
            "0.1",
            "--port",
            "0",
            "--log-dir",
            dir.resolve("logs-serve").toString());
    int port = server.port();
    CliRun result;
    try {
      HttpResponse<String> first = score(port, "");
      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-Model-Name")).contains("fraud");
      assertThat(version(first)).isEqualTo("1");
      HttpResponse<String> local = score(port, "?model=local");
      assertThat(local.statusCode()).as(local.body()).isEqualTo(200);
      assertThat(version(local)).isEqualTo("1");

      ok(cli("models", "alias", "fraud", "champion", "2"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      HttpResponse<String> after = score(port, "");
      while (!version(after).equals("2") && System.nanoTime() < deadline) {
        assertThat(after.statusCode()).isEqualTo(200);
        Thread.sleep(20);
        after = score(port, "");
      }
      assertThat(version(after)).isEqualTo("2");
      assertThat(get(port, "/v2/models/fraud").body()).contains("\"versions\":[\"2\"]");
    } finally {
      result = server.stop();
    }
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            "listening on http://127\\.0\\.0\\.1:"
                + port
                + " \\((io_uring|epoll|nio); Ctrl-C stops\\); loading 2 models")
        .contains("kiln serve: model 'fraud' version 1 (liblinear, binary) from fraud@champion")
        .contains("kiln serve: model 'local' version 1 (xgboost4j, binary) from " + xgboost)
        .containsPattern(
            "kiln serve: model 'fraud' version 2 \\(xgboost4j, binary\\) from fraud@champion"
                + " ready in [0-9.]+ s \\(loaded [0-9.]+ s, warmed [0-9.]+ s\\); replaced version 1")
        .contains("kiln serve: stopped; prediction log written");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aVariantAndAShadowServeBesideTheModelAndTheSplitIsShown() throws Exception {
    ServeRun server =
        ServeRun.start(
            "--model",
            "fraud/1",
            "--variant",
            "fraud/2=25",
            "--shadow",
            "fraud",
            "--store",
            store,
            "--port",
            "0",
            "--log-dir",
            dir.resolve("logs-split").toString());
    int port = server.port();
    CliRun result;
    try {
      assertThat(get(port, "/v1/models/fraud/traffic").body())
          .contains("{\"source\":\"fraud/1\",\"version\":\"1\",\"percent\":75,\"ready\":true}")
          .contains("{\"source\":\"fraud/2\",\"version\":\"2\",\"percent\":25,\"ready\":true}")
          .contains("\"shadows\":[{\"source\":\"fraud\",\"version\":\"2\",\"ready\":true}]");
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> r = score(port, "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(version(r)).isIn("1", "2");
      }
    } finally {
      result = server.stop();
    }
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("kiln serve: model 'fraud' version 1 (liblinear, binary) from fraud/1 ready")
        .containsPattern(
            "kiln serve: model 'fraud' version 2 \\(xgboost4j, binary\\) from fraud/2 ready in"
                + " .* as a variant answering 25% of requests")
        .containsPattern(
            "kiln serve: model 'fraud' version 2 \\(xgboost4j, binary\\) from fraud ready in .*"
                + " as a shadow")
        .containsPattern("  curl -s http://127\\.0\\.0\\.1:[0-9]+/v1/models/fraud/traffic\n");
  }

  @Test
  void kilnServerServesTheModelNextToTheMlflowApi() throws Exception {
    CompletableFuture<ServeCommand.Running> ready = new CompletableFuture<>();
    ServerCommand.onReady = ready::complete;
    CompletableFuture<CliRun> run =
        CompletableFuture.supplyAsync(
            () ->
                CliRun.of(
                    "server",
                    "--model",
                    "fraud/1",
                    "--shadow",
                    "fraud/2",
                    "--store",
                    store,
                    "--port",
                    "0",
                    "--log-dir",
                    dir.resolve("logs-server").toString()));
    ServeCommand.Running server = ready.get(60, TimeUnit.SECONDS);
    int port = server.port();
    try {
      HttpResponse<String> scored = score(port, "");
      assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
      assertThat(version(scored)).isEqualTo("1");
      assertThat(get(port, "/v2/models/fraud").body()).contains("\"platform\":\"kiln_liblinear\"");
      assertThat(get(port, "/v1/models/fraud/traffic").body())
          .contains("\"shadows\":[{\"source\":\"fraud/2\",\"version\":\"2\",\"ready\":true}]");
      HttpResponse<String> mlflow = get(port, "/api/2.0/mlflow/registered-models/get?name=fraud");
      assertThat(mlflow.statusCode()).as(mlflow.body()).isEqualTo(200);
      assertThat(mlflow.body()).contains("\"name\":\"fraud\"");
      assertThat(get(port, "/ping").statusCode()).isEqualTo(200);
      assertThat(get(port, "/health").statusCode()).isEqualTo(200);
      assertThat(get(port, "/version").statusCode()).isEqualTo(200);
      assertThat(get(port, "/v2/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(port, "/metrics").body())
          .contains("kiln_requests_seconds_count{endpoint=\"invocations\",model=\"fraud\"");
    } finally {
      server.stop();
    }
    CliRun result = run.get(60, TimeUnit.SECONDS);
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("loading 2 models (/invocations, /v2)")
        .contains("kiln server: model 'fraud' version 1 (liblinear, binary) from fraud/1 ready in")
        .contains("kiln server: stopped");
  }

  static void refused(CliRun r, String message) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("kiln: error: ").contains(message).doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  private static CliRun serve(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 5);
    all[args.length] = "--port";
    all[args.length + 1] = "0";
    all[args.length + 2] = "--log-dir";
    all[args.length + 3] = dir.resolve("logs-bad").toString();
    all[args.length + 4] = "--store=" + store;
    String[] withServe = new String[all.length + 1];
    withServe[0] = "serve";
    System.arraycopy(all, 0, withServe, 1, all.length);
    return CliRun.of(withServe);
  }

  @Test
  void eachMistakeOnTheCommandLineIsOneLineAndExitCode2() throws Exception {
    refused(
        CliRun.of("serve", "--port", "0"),
        "Nothing to serve: give --model NAME[@ALIAS|/N] (from the registry) or --bundle PATH.");
    refused(
        serve("--model", "nosuch@champion"),
        "--model nosuch@champion: No registered model named 'nosuch' in store sqlite:");
    refused(
        serve("--model", "fraud@nosuch"),
        "--model fraud@nosuch: Registered model 'fraud' has no alias 'nosuch' in store sqlite:");
    refused(
        serve("--model", "fraud/9"), "--model fraud/9: Registered model 'fraud' has no version 9");
    refused(serve("--model", "fraud/0"), "A model version is a number from 1 up");
    refused(
        serve("--model", "fraud@champion", "--model", "fraud/2"),
        "Two models would be served as 'fraud' (fraud@champion and fraud/2); each served model"
            + " needs its own name, or make one a variant (--variant) or a shadow (--shadow) of"
            + " the other.");
    refused(
        serve("--model", "fraud/1", "--variant", "fraud/2"),
        "--variant fraud/2: give the percent of the model's requests it answers, as --variant"
            + " fraud/2=10.");
    for (String percent : new String[] {"ten", "-5", "100.5", "12.345", ""}) {
      refused(
          serve("--model", "fraud/1", "--variant", "fraud/2=" + percent),
          "--variant fraud/2="
              + percent
              + ": the percent must be a number from 0 to 100 in steps of 0.01 but was '"
              + percent
              + "'.");
    }
    refused(
        serve("--model", "fraud/1", "--variant", "fraud/2=60", "--variant", "fraud=50"),
        "The variants of model 'fraud' take 110% of its requests; together they can take at most"
            + " 100%.");
    refused(
        serve("--variant", "fraud/2=10", "--bundle", xgboost.toString(), "--name", "local"),
        "The variant fraud/2 has no model 'fraud' to go beside: give the model its requests go to"
            + " as well (--model fraud@ALIAS).");
    refused(
        serve("--model", "fraud/1", "--shadow", "fraud/1"),
        "fraud/1 is given twice for model 'fraud'; give each source once.");
    refused(
        serve("--model", "fraud/1", "--shadow", "fraud/7"),
        "--shadow fraud/7: Registered model 'fraud' has no version 7");
    refused(
        serve("--model", "fraud@champion", "--bundle", xgboost.toString(), "--name", "fraud"),
        "Two models would be served as 'fraud'");
    refused(
        serve("--model", "fraud@champion", "--name", "other"),
        "--name was given 1 time but --bundle 0 times");
    refused(serve("--model", "fraud@champion", "--poll-seconds", "0"), "--poll-seconds must be");
    refused(serve("--bundle", dir.resolve("nope.kiln").toString()), "nope.kiln");
    // a store that has no such model
    Path empty = dir.resolve("empty.db");
    refused(
        CliRun.of(
            "serve", "--model", "fraud@champion", "--port", "0", "--store", "sqlite:" + empty),
        "fraud");
    // a store that cannot be reached
    refused(
        CliRun.of(
            "serve",
            "--model",
            "fraud@champion",
            "--port",
            "0",
            "--store",
            "postgresql://kiln@127.0.0.1:1/kiln"),
        "Cannot connect to the store at postgresql://kiln@127.0.0.1:1/kiln");
    refused(CliRun.of("server", "--port", "0", "--model", "nosuch", "--store", store), "nosuch");
  }

  @Test
  void aTamperedBundleAtStartStopsTheCommandWithOneLine() throws Exception {
    // its own folder: artifacts are content-addressed, and this one is about to be damaged
    Path own = Files.createDirectories(dir.resolve("tampered"));
    Path copy = own.resolve("t.kiln");
    Files.copy(logistic, copy);
    String tamperedStore = "sqlite:" + own.resolve("kiln.db");
    CliRun reg =
        CliRun.of(
            "models",
            "register",
            "t",
            "--bundle",
            copy.toString(),
            "--store",
            tamperedStore,
            "--who",
            "test");
    ok(reg);
    ModelVersion v;
    try (Store s = Store.builder().url(tamperedStore).artifacts(own.resolve("artifacts")).open()) {
      v = s.registry().getModelVersion("t", 1);
      Path stored = s.artifacts().localFile(v.bundleDigest());
      byte[] bytes = Files.readAllBytes(stored);
      bytes[bytes.length / 2] ^= 0x5a;
      Files.write(stored, bytes);
    }
    CliRun run =
        CliRun.of(
            "serve",
            "--model",
            "t/1",
            "--port",
            "0",
            "--store",
            tamperedStore,
            "--log-dir",
            dir.resolve("logs-t").toString());
    refused(run, "kiln: error: model 't' (t/1) could not be loaded: The artifact ");
    assertThat(run.err()).contains("no longer matches its digest");
    assertThat(run.out()).contains("listening on").doesNotContain("ready in");
  }
}
