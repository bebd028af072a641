package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import dev.kiln.serve.KilnServer;
import dev.kiln.store.ModelRef;
import dev.kiln.store.Store;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traffic split, sticky routing, shares changed while serving, and shadows: a real SQLite store
 * with three registered versions of {@code fraud}, a real server on port 0 called over sockets.
 */
class TrafficServerTest {
  @TempDir static Path bundles;
  static Path xgboost;
  static Path logistic;
  static Path amount;

  @TempDir Path dir;
  private Store store;
  private LoadingServer running;
  private ModelRegistry registry;
  private KilnServer server;
  private ServingClient client;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void train() {
    xgboost = FraudBundles.train(bundles.resolve("xgboost.kiln"), "xgboost", 11);
    logistic = FraudBundles.train(bundles.resolve("logistic.kiln"), "logistic", 12);
    amount = AmountRegressor.bundle(bundles);
  }

  @BeforeEach
  void open() {
    // version 3 has other inputs: a regressor of the amount
    store = FraudBundles.store(dir, xgboost, logistic, amount);
  }

  @AfterEach
  void close() {
    stop();
    store.close();
  }

  /** Stops the server and writes the log. */
  private void stop() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  private void serve(ModelSource... sources) throws InterruptedException {
    running = LoadingServer.start(dir, store, b -> b.log(log::add), sources);
    registry = running.registry;
    server = running.server;
    client = running.client;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!registry.ready()) {
      assertThat(System.nanoTime()).as("every arm ready; log " + log).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static ModelSource ref(String text) {
    return ModelSource.registered(ModelRef.parse(text));
  }

  private String oneRow(long seed) {
    ServedModel m = registry.resolve("fraud", "1");
    return Requests.split(Requests.records(m, PaymentsModel.rows(1, seed)));
  }

  private String inferOne(long seed) {
    ServedModel m = registry.resolve("fraud", "1");
    return Requests.infer(m, Requests.records(m, PaymentsModel.rows(1, seed)), null);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  /** The version that answered an /invocations request. */
  private String invocation(String body, String... headers) throws Exception {
    HttpResponse<String> r = client.send("POST", "/invocations", body, headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("X-Model-Version").orElseThrow();
  }

  @Test
  void aVariantAnswersItsShareAndARouteKeyAlwaysMeetsTheArmOfItsBucket() throws Exception {
    serve(ref("fraud/1"), ref("fraud/2").variant(3000));
    String body = oneRow(5);
    Map<String, Integer> versions = new HashMap<>();
    int n = 600;
    for (int i = 0; i < n; i++) {
      versions.merge(invocation(body), 1, Integer::sum);
    }
    // 30% of 600 is 180; four standard deviations of the binomial are 45
    assertThat(versions.keySet()).containsExactlyInAnyOrder("1", "2");
    assertThat(versions.get("2")).as(versions.toString()).isBetween(135, 225);

    // a route key's bucket picks the arm: buckets 0..6999 the plain one, 7000..9999 the variant
    String infer = inferOne(6);
    for (int u = 0; u < 60; u++) {
      String key = "user-" + u;
      String expected = Traffic.bucket(key) < 7000 ? "1" : "2";
      for (int i = 0; i < 3; i++) {
        assertThat(invocation(body, Traffic.ROUTE_KEY_HEADER, key)).as(key).isEqualTo(expected);
      }
      HttpResponse<String> oip =
          client.send("POST", "/v2/models/fraud/infer", infer, Traffic.ROUTE_KEY_HEADER, key);
      assertThat(oip.statusCode()).as(oip.body()).isEqualTo(200);
      assertThat(json(oip).get("model_version").asText()).as(key).isEqualTo(expected);
    }
    // a request that names its version is not routed
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> pinned = client.json("/v2/models/fraud/versions/2/infer", infer);
      assertThat(json(pinned).get("model_version").asText()).isEqualTo("2");
    }
    JsonNode meta = json(client.get("/v2/models/fraud"));
    assertThat(meta.get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(client.get("/metrics").body())
        .contains(
            "kiln_requests_seconds_count{endpoint=\"invocations\",model=\"fraud\",status=\"200\",version=\"2\"}");
  }

  @Test
  void theSharesAreReadAndChangedWhileServingAndBadChangesAreRefused() throws Exception {
    serve(ref("fraud/1"), ref("fraud/2").variant(1000), ref("fraud/3").asShadow());
    JsonNode shown = json(client.get("/v1/models/fraud/traffic"));
    assertThat(shown.toString())
        .isEqualTo(
            "{\"model\":\"fraud\",\"arms\":["
                + "{\"source\":\"fraud/1\",\"version\":\"1\",\"percent\":90,\"ready\":true},"
                + "{\"source\":\"fraud/2\",\"version\":\"2\",\"percent\":10,\"ready\":true}],"
                + "\"shadows\":[{\"source\":\"fraud/3\",\"version\":\"3\",\"ready\":true}],"
                + "\"route_key_header\":\"X-Kiln-Route-Key\"}");

    HttpResponse<String> moved =
        client.send(
            "PUT", "/v1/models/fraud/traffic", "{\"percent\": {\"fraud/1\": 0, \"fraud/2\": 100}}");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    assertThat(json(moved).get("arms").findValuesAsText("percent")).containsExactly("0", "100");
    String body = oneRow(7);
    for (int i = 0; i < 50; i++) {
      assertThat(invocation(body)).isEqualTo("2");
    }
    HttpResponse<String> back =
        client.send(
            "PUT",
            "/v1/models/fraud/traffic",
            "{\"percent\": {\"fraud/1\": 97.5, \"fraud/2\": 2.5}}");
    assertThat(json(back).get("arms").findValuesAsText("percent")).containsExactly("97.5", "2.5");

    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put(
        "{\"percent\": {\"fraud/1\": 50, \"fraud/2\": 40}}",
        "the shares add up to 90% but must add up to 100%.");
    bad.put(
        "{\"percent\": {\"fraud/1\": 100}}",
        "every arm needs its share: 'fraud/2' is missing (arms: fraud/1, fraud/2, fraud/3).");
    bad.put(
        "{\"percent\": {\"fraud/1\": 50, \"fraud/2\": 50, \"fraud/9\": 0}}",
        "'fraud/9' is not an arm of this model; its arms: fraud/1, fraud/2, fraud/3.");
    bad.put(
        "{\"percent\": {\"fraud/1\": 50, \"fraud/2\": 50, \"fraud/3\": 0}}",
        "'fraud/3' is a shadow: it answers no requests, so it has no share.");
    bad.put(
        "{\"percent\": {\"fraud/1\": \"ninety\", \"fraud/2\": 10}}",
        "Field 'percent.fraud/1' must be a number from 0 to 100 but was \"ninety\".");
    bad.put(
        "{\"percent\": {\"fraud/1\": 100.5, \"fraud/2\": -0.5}}",
        "Field 'percent.fraud/1' must be from 0 to 100 but was 100.5.");
    bad.put(
        "{\"percent\": {\"fraud/1\": 99.995, \"fraud/2\": 0.005}}",
        "Field 'percent.fraud/1' must be a percent in steps of 0.01 but was 99.995.");
    bad.put(
        "{\"percents\": {\"fraud/1\": 100}}",
        "Unknown field 'percents'; the body has one field, 'percent'.");
    bad.put(
        "{\"percent\": 100}",
        "Field 'percent' must be an object giving each arm its percent, like {\"ARM\": 90}.");
    bad.put("[1, 2]", "The body must be a JSON object like {\"percent\": {\"ARM\": 90, ...}}.");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = client.send("PUT", "/v1/models/fraud/traffic", e.getKey());
      assertThat(r.statusCode()).as(e.getKey() + " -> " + r.body()).isEqualTo(400);
      assertThat(json(r).get("message").asText()).as(e.getKey()).isEqualTo(e.getValue());
    }
    HttpResponse<String> syntax = client.send("PUT", "/v1/models/fraud/traffic", "{\"percent\":");
    assertThat(syntax.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown =
        client.send("PUT", "/v1/models/nosuch/traffic", "{\"percent\": {\"a\": 100}}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    // what the refused changes left: the last good shares
    assertThat(json(client.get("/v1/models/fraud/traffic")).get("arms").findValuesAsText("percent"))
        .containsExactly("97.5", "2.5");
  }

  @Test
  void aShadowPredictsEveryAnsweredRequestIntoTheLogAndNeverAnswers() throws Exception {
    serve(ref("fraud/1"), ref("fraud/2").asShadow());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = client.json("/invocations", oneRow(100 + i));
      assertThat(r.headers().firstValue("X-Model-Version")).contains("1");
      ids.add(r.headers().firstValue("X-Prediction-Id").orElseThrow());
      HttpResponse<String> oip = client.json("/v2/models/fraud/infer", inferOne(200 + i));
      assertThat(json(oip).get("model_version").asText()).isEqualTo("1");
      ids.add(json(oip).get("parameters").get("prediction_id").asText());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String answered =
        "kiln_shadow_requests_total{model=\"fraud\",outcome=\"answered\",version=\"2\"} 40.0";
    while (!client.get("/metrics").body().contains(answered)) {
      assertThat(System.nanoTime()).as("40 shadow predictions").isLessThan(deadline);
      Thread.sleep(20);
    }
    stop(); // writes the log
    List<JsonNode> lines = logLines();
    Map<String, Set<String>> idsByVersion = new HashMap<>();
    for (JsonNode line : lines) {
      String version = line.get("version").asText();
      boolean shadow = line.has("shadow");
      assertThat(shadow).as(line.toString()).isEqualTo(version.equals("2"));
      if (shadow) {
        assertThat(line.get("shadow").asBoolean()).isTrue();
      }
      idsByVersion.computeIfAbsent(version, k -> new HashSet<>()).add(line.get("id").asText());
    }
    assertThat(idsByVersion.get("1")).isEqualTo(ids);
    assertThat(idsByVersion.get("2"))
        .as("the shadow's lines carry the answered ids")
        .isEqualTo(ids);
  }

  @Test
  void aShadowThatCannotReadARequestIsCountedAndTheAnswerIsUntouched() throws Exception {
    serve(ref("fraud/1"), ref("fraud/3").asShadow()); // 3 takes three inputs, not fraud's nine
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = client.json("/invocations", oneRow(300 + i));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String failed =
        "kiln_shadow_requests_total{model=\"fraud\",outcome=\"failed\",version=\"3\"} 5.0";
    while (!client.get("/metrics").body().contains(failed)) {
      assertThat(System.nanoTime()).as("5 failed shadow requests").isLessThan(deadline);
      Thread.sleep(20);
    }
    stop();
    assertThat(logLines()).extracting(l -> l.get("version").asText()).containsOnly("1").hasSize(5);
  }

  @Test
  void movingAVariantsAliasUnderLoadSwapsThatArmAloneWithoutAFailedRequest() throws Exception {
    store.registry().setAlias("fraud", "challenger", 2, FraudBundles.WHO);
    serve(ref("fraud/1"), ref("fraud@challenger").variant(5000));
    ServedModel plain = registry.resolve("fraud", "1");
    ServedModel challenger = registry.resolve("fraud", "2");
    String body = oneRow(9);
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Map<String, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread thread =
          new Thread(
              () -> {
                ServingClient own = new ServingClient(server.port());
                while (running.get()) {
                  try {
                    HttpResponse<String> r = own.json("/invocations", body);
                    if (r.statusCode() != 200) {
                      failures.add(r.statusCode() + " " + r.body());
                    } else {
                      seen.merge(
                          r.headers().firstValue("X-Model-Version").orElse("?"), 1, Integer::sum);
                    }
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              });
      thread.start();
      clients.add(thread);
    }
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (seen.getOrDefault("2", 0) < 100) {
        assertThat(System.nanoTime()).as("answers from version 2: " + seen).isLessThan(deadline);
        Thread.sleep(10);
      }
      // version 3 of the store is the regressor of other inputs: move the alias to version 1's
      // twin instead, registered now as version 4
      FraudBundles.register(store, "fraud", xgboost);
      store.registry().setAlias("fraud", "challenger", 4, FraudBundles.WHO);
      while (seen.getOrDefault("4", 0) < 100) {
        assertThat(System.nanoTime()).as("answers from version 4: " + seen).isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      running.set(false);
      for (Thread t : clients) {
        t.join();
      }
    }
    assertThat(failures).isEmpty();
    assertThat(challenger.closed()).as("the variant's old version closed").isTrue();
    assertThat(plain.closed()).as("the plain arm untouched").isFalse();
    assertThat(registry.resolve("fraud", "1")).isSameAs(plain);
    assertThat(registry.versions("fraud")).containsExactly("1", "4");
    JsonNode traffic = json(client.get("/v1/models/fraud/traffic"));
    assertThat(traffic.get("arms").findValuesAsText("version")).containsExactly("1", "4");
    assertThat(traffic.get("arms").findValuesAsText("percent")).containsExactly("50", "50");
  }

  private List<JsonNode> logLines() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir.resolve("predictions"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        for (String line : Files.readAllLines(f)) {
          out.add(Json.mapper().readTree(line));
        }
      }
    }
    return out;
  }
}
