package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import dev.kiln.core.predict.Predictor;
import dev.kiln.serve.KilnServer;
import dev.kiln.store.ModelRef;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving from the registry: a real SQLite store in a temporary folder, real bundles, a real server
 * on port 0 called over sockets, and a {@link ModelLoader} that follows {@code fraud@champion}.
 */
class ModelFollowingTest {
  private static final Duration POLL = LoadingServer.POLL;
  @TempDir static Path bundles;
  static Path xgboost;
  static Path logistic;
  static Path other;

  @TempDir Path dir;
  private Store store;
  private LoadingServer running;
  private ModelRegistry registry;
  private ModelService service;
  private KilnServer server;
  private ModelLoader loader;
  private ServingClient client;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<ModelLoader.Loaded> ready = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void train() {
    xgboost = FraudBundles.train(bundles.resolve("xgboost.kiln"), "xgboost", 11);
    logistic = FraudBundles.train(bundles.resolve("logistic.kiln"), "logistic", 12);
    other = FraudBundles.train(bundles.resolve("other.kiln"), "xgboost", 13);
  }

  @BeforeEach
  void open() {
    store = FraudBundles.store(dir, xgboost, logistic, xgboost); // versions 1, 2, 3
    store.registry().setAlias("fraud", "champion", 1, FraudBundles.WHO);
  }

  @AfterEach
  void close() {
    if (running != null) {
      running.close();
    }
    store.close();
  }

  /** Starts the server (listening at once) and a loader over {@code sources}. */
  private void serve(ModelLoader.BundleLoader bundleLoader, ModelSource... sources) {
    running =
        LoadingServer.start(
            dir,
            store,
            b -> b.bundleLoader(bundleLoader).log(log::add).onReady(ready::add),
            sources);
    registry = running.registry;
    service = running.service;
    server = running.server;
    loader = running.loader;
    client = running.client;
  }

  private static ModelSource champion() {
    return ModelSource.registered(ModelRef.parse("fraud@champion"));
  }

  private static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private void awaitReady() throws InterruptedException {
    await("every model ready", Duration.ofSeconds(60), registry::ready);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  private String inferOne(String model, long seed) {
    ServedModel m = registry.resolve(model, null);
    return Requests.infer(m, Requests.records(m, PaymentsModel.rows(1, seed)), null);
  }

  private String oneRow(String model) {
    ServedModel m = registry.resolve(model, null);
    return Requests.split(Requests.records(m, PaymentsModel.rows(1, 5)));
  }

  @Test
  void servesTwoModelsInOneProcessTheFirstBeingTheDefaultOfInvocations() throws Exception {
    serve(Predictor::load, champion(), ModelSource.bundle("payments", PaymentsModel.bundle()));
    awaitReady();
    String body = oneRow("fraud");
    HttpResponse<String> byDefault = client.json("/invocations", body);
    assertThat(byDefault.statusCode()).as(byDefault.body()).isEqualTo(200);
    assertThat(byDefault.headers().firstValue("X-Model-Name")).contains("fraud");
    assertThat(byDefault.headers().firstValue("X-Model-Version")).contains("1");
    HttpResponse<String> payments = client.json("/invocations?model=payments", oneRow("payments"));
    assertThat(payments.statusCode()).as(payments.body()).isEqualTo(200);
    assertThat(payments.headers().firstValue("X-Model-Name")).contains("payments");
    assertThat(payments.headers().firstValue("X-Model-Version")).contains("1");
    JsonNode meta = json(client.get("/v2/models/fraud"));
    assertThat(meta.get("versions").toString()).isEqualTo("[\"1\"]");
    assertThat(meta.get("platform").asText()).isEqualTo("kiln_xgboost4j");
    HttpResponse<String> versioned =
        client.json("/v2/models/fraud/versions/1/infer", inferOne("fraud", 5));
    assertThat(versioned.statusCode()).as(versioned.body()).isEqualTo(200);
    assertThat(json(versioned).get("model_version").asText()).isEqualTo("1");
    HttpResponse<String> unknown = client.get("/v2/models/fraud/versions/7");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText())
        .isEqualTo("Model 'fraud' has no version '7' here; served versions: 1.");
    assertThat(ready)
        .extracting(l -> l.model().toString())
        .containsExactly("fraud/1", "payments/1");
    assertThat(client.get("/metrics").body())
        .contains("kiln_model_loads_total{model=\"fraud\",version=\"1\"} 1.0")
        .contains("kiln_model_loads_total{model=\"payments\",version=\"1\"} 1.0");
  }

  @Test
  void movingTheAliasTwiceUnderLoadSwapsVersionsWithoutAFailedRequest() throws Exception {
    serve(Predictor::load, champion());
    awaitReady();
    ServedModel first = registry.resolve("fraud", null);
    String split = oneRow("fraud");
    String infer = inferOne("fraud", 6);
    AtomicBoolean running = new AtomicBoolean(true);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    AtomicLong requests = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                // one keep-alive HTTP/1.1 connection per client thread
                HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int lastVersion = 0;
                while (running.get() && System.nanoTime() < deadline) {
                  boolean oip = (id + requests.get()) % 2 == 0;
                  HttpRequest request =
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://127.0.0.1:"
                                      + server.port()
                                      + (oip ? "/v2/models/fraud/infer" : "/invocations")))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(oip ? infer : split))
                          .build();
                  try {
                    HttpResponse<String> r =
                        http.send(request, HttpResponse.BodyHandlers.ofString());
                    requests.incrementAndGet();
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() != 200) {
                      failures.add(r.statusCode() + " " + r.body());
                      continue;
                    }
                    String version =
                        oip
                            ? Json.mapper().readTree(r.body()).get("model_version").asText()
                            : r.headers().firstValue("X-Model-Version").orElse("?");
                    firstSeen.putIfAbsent(version, System.nanoTime());
                    int v = Integer.parseInt(version);
                    if (v < lastVersion) {
                      failures.add("version went back from " + lastVersion + " to " + v);
                    }
                    lastVersion = v;
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              },
              "client-" + t);
      thread.start();
      clients.add(thread);
    }
    try {
      await("requests answered by version 1", Duration.ofSeconds(30), () -> requests.get() > 200);
      long moved = System.nanoTime();
      store.registry().setAlias("fraud", "champion", 2, FraudBundles.WHO);
      await("version 2 answering", Duration.ofSeconds(30), () -> firstSeen.containsKey("2"));
      double toSecond = (firstSeen.get("2") - moved) / 1e9;
      long before = requests.get();
      await(
          "requests answered by version 2",
          Duration.ofSeconds(30),
          () -> requests.get() > before + 200);
      moved = System.nanoTime();
      store.registry().setAlias("fraud", "champion", 3, FraudBundles.WHO);
      await("version 3 answering", Duration.ofSeconds(30), () -> firstSeen.containsKey("3"));
      double toThird = (firstSeen.get("3") - moved) / 1e9;
      long third = requests.get();
      await(
          "requests answered by version 3",
          Duration.ofSeconds(30),
          () -> requests.get() > third + 200);
      running.set(false);
      for (Thread c : clients) {
        c.join(TimeUnit.SECONDS.toMillis(30));
      }
      System.out.printf(
          "hot swap under load: %d requests, statuses %s; new version answering %.2f s and %.2f s"
              + " after the alias moved (poll %d ms)%n",
          requests.get(), statuses, toSecond, toThird, POLL.toMillis());
      assertThat(failures).isEmpty();
      assertThat(statuses.keySet()).containsExactly(200);
      // a swap is load + verify + warm-up (a few hundred in-process requests) after a poll
      assertThat(toSecond).isLessThan(10.0);
      assertThat(toThird).isLessThan(10.0);
    } finally {
      running.set(false);
    }
    assertThat(json(client.get("/v2/models/fraud")).get("versions").toString())
        .isEqualTo("[\"3\"]");
    // versions 1 and 2 were retired: no request holds them, so their predictors were closed
    assertThat(first.closed()).isTrue();
    assertThat(registry.resolve("fraud", null).closed()).isFalse();
    assertThat(ready)
        .extracting(l -> l.model().version() + "<-" + l.previousVersion())
        .containsExactly("1<-null", "2<-1", "3<-2");
    assertThat(log).isEmpty();
  }

  @Test
  void aTamperedNewVersionIsRefusedAndTheOldOneKeepsServing() throws Exception {
    serve(Predictor::load, champion());
    awaitReady();
    ModelVersion tampered = FraudBundles.register(store, "fraud", other); // 4
    Path stored = store.artifacts().localFile(tampered.bundleDigest());
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(stored, bytes);
    store.registry().setAlias("fraud", "champion", 4, FraudBundles.WHO);
    await("the refusal logged", Duration.ofSeconds(30), () -> !log.isEmpty());
    // several more polls: the same version is neither retried nor logged again
    Thread.sleep(POLL.toMillis() * 5);
    assertThat(log).hasSize(1);
    assertThat(log.get(0))
        .startsWith("model 'fraud' version 4 (fraud@champion) was not put into service: ")
        .contains("no longer matches its digest")
        .endsWith("; version 1 keeps serving.");
    HttpResponse<String> scored = client.json("/invocations", oneRow("fraud"));
    assertThat(scored.statusCode()).isEqualTo(200);
    assertThat(scored.headers().firstValue("X-Model-Version")).contains("1");
    assertThat(json(client.get("/v2/models/fraud")).get("versions").toString())
        .isEqualTo("[\"1\"]");
    assertThat(client.get("/metrics").body())
        .contains("kiln_model_load_failures_total{model=\"fraud\",version=\"4\"} 1.0");
    // moving the alias on to a good version swaps again
    store.registry().setAlias("fraud", "champion", 2, FraudBundles.WHO);
    await(
        "version 2 served",
        Duration.ofSeconds(30),
        () -> registry.resolve("fraud", null).version().equals("2"));
  }

  @Test
  void aModelStillLoadingAnswers503WithRetryAfterAndTheOthersServe() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ModelLoader.BundleLoader slow =
        path -> {
          if (!path.toString().equals(PaymentsModel.bundle().toString())) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Predictor.load(path);
        };
    serve(slow, ModelSource.bundle("payments", PaymentsModel.bundle()), champion());
    try {
      whileFraudLoads(entered);
    } finally {
      release.countDown();
    }
    awaitReady();
    assertThat(client.get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(json(client.get("/v2/models/fraud/ready")).get("ready").asBoolean()).isTrue();
    assertThat(client.json("/invocations?model=fraud", oneRow("fraud")).statusCode())
        .isEqualTo(200);
  }

  private void whileFraudLoads(CountDownLatch entered) throws Exception {
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> loading = client.json("/invocations?model=fraud", "{}");
    assertThat(loading.statusCode()).isEqualTo(503);
    assertThat(loading.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(loading).get("error").asText())
        .isEqualTo("Model 'fraud' is loading; try again in a moment.");
    HttpResponse<String> infer = client.json("/v2/models/fraud/infer", "{}");
    assertThat(infer.statusCode()).isEqualTo(503);
    assertThat(infer.headers().firstValue("Retry-After")).contains("1");
    assertThat(client.get("/v2/models/fraud").statusCode()).isEqualTo(503);
    HttpResponse<String> modelReady = client.get("/v2/models/fraud/ready");
    assertThat(modelReady.statusCode()).isEqualTo(503);
    assertThat(json(modelReady).get("ready").asBoolean()).isFalse();
    HttpResponse<String> serverReady = client.get("/v2/health/ready");
    assertThat(serverReady.statusCode()).isEqualTo(503);
    assertThat(serverReady.headers().firstValue("Retry-After")).contains("1");
    assertThat(client.get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(client.get("/ping").statusCode()).isEqualTo(200);
    // the model loaded first already answers, and is the default of /invocations
    HttpResponse<String> payments = client.json("/invocations", oneRow("payments"));
    assertThat(payments.statusCode()).as(payments.body()).isEqualTo(200);
    assertThat(client.get("/v2/models/payments/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aBareNameFollowsTheLatestVersionAndAVersionNumberStaysPut() throws Exception {
    serve(Predictor::load, ModelSource.registered(ModelRef.parse("fraud")));
    awaitReady();
    assertThat(registry.resolve("fraud", null).version()).isEqualTo("3");
    FraudBundles.register(store, "fraud", logistic); // 4
    await(
        "the latest version served",
        Duration.ofSeconds(30),
        () -> registry.resolve("fraud", null).version().equals("4"));
    loader.close();
    server.close();
    service.close();
    registry.close();

    serve(Predictor::load, ModelSource.registered(ModelRef.parse("fraud/2")));
    awaitReady();
    FraudBundles.register(store, "fraud", xgboost); // 5
    store.registry().setAlias("fraud", "champion", 5, FraudBundles.WHO);
    Thread.sleep(POLL.toMillis() * 5);
    assertThat(registry.resolve("fraud", null).version()).isEqualTo("2");
    assertThat(ready)
        .extracting(l -> l.model().toString())
        .containsExactly("fraud/3", "fraud/4", "fraud/2");
  }

  @Test
  void aFirstLoadThatFailsIsReportedAndTheNameIsNoLongerServed() throws Exception {
    List<String> failures = new CopyOnWriteArrayList<>();
    registry = new ModelRegistry();
    Path notABundle = Files.writeString(dir.resolve("broken.kiln"), "not a zip");
    loader =
        ModelLoader.builder()
            .registry(registry)
            .source(ModelSource.bundle("broken", notABundle))
            .onFirstFailure((s, e) -> failures.add(s.name() + ": " + e.getMessage()))
            .build()
            .start();
    await("the failure", Duration.ofSeconds(30), () -> !failures.isEmpty());
    assertThat(failures.get(0)).startsWith("broken: ").contains("broken.kiln");
    assertThat(registry.names()).isEmpty();
  }

  @Test
  void twoModelsUnderOneNameAreRefusedBeforeAnythingLoads() {
    ModelLoader.Builder b =
        ModelLoader.builder()
            .registry(new ModelRegistry())
            .store(store)
            .source(champion())
            .source(ModelSource.bundle("fraud", xgboost));
    org.assertj.core.api.Assertions.assertThatThrownBy(b::build)
        .hasMessage(
            "Two models would be served as 'fraud' (fraud@champion and "
                + xgboost
                + "); each served model needs its own name, or make one a variant (--variant) or"
                + " a shadow (--shadow) of the other.");
  }
}
