package dev.kiln.bench;

import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.serve.mlflow.MlflowApi;
import dev.kiln.store.Metric;
import dev.kiln.store.NewRun;
import dev.kiln.store.Store;
import dev.kiln.testing.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Issue 5's HTTP targets, through Kiln's MLflow REST API on a real socket: {@code runs/log-batch}
 * of 1,000 metrics × 100 requests into one run (target ≥ 50,000 metrics/s on SQLite), and {@code
 * runs/search} over 10,000 runs by a metric filter (target ≤ 50 ms). The peer is the store alone,
 * measured in the same run: 100 {@code logBatch} calls of 1,000 metrics straight on the store.
 *
 * <p>One client connection (keep-alive), requests one after another, as an MLflow client logs;
 * request bodies are written before the clock starts (the server's parse is measured, the client's
 * serialisation is not). Three rounds of each; search: 10 warm-ups, then the median and slowest of
 * 30.
 *
 * <p>Usage: {@code kiln-bench/bin/mlflow-http.sh}, or {@code java -cp 'kiln-bench/target/lib/*'
 * dev.kiln.bench.MlflowHttpBench sqlite|postgresql [RUNS]} after {@code ./mvnw -q -B -pl kiln-bench
 * -am package -DskipTests}.
 */
public final class MlflowHttpBench {
  private static final String[] FILTERS = {
    "metrics.auc > 0.8", "metrics.auc > 0.8 and params.learner = 'lightgbm' and tags.team = 'risk'",
  };

  private MlflowHttpBench() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "sqlite";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("kiln-mlflow-bench");
    PostgresServer pg = backend.equals("postgresql") ? PostgresServer.start() : null;
    String url = pg != null ? pg.jdbcUrl() : "sqlite:" + dir.resolve("kiln.db");
    try (Store store = Store.builder().url(url).artifacts(dir.resolve("artifacts")).open();
        KilnServer server =
            KilnServer.builder()
                .port(0)
                .routes(MlflowApi.addTo(Routes.builder(), store).build())
                .build()
                .start()) {
      String base = "http://127.0.0.1:" + server.port() + "/api/2.0/mlflow/";
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      logBatch(backend, store, http, base);
      search(backend, store, http, base, runs);
    } finally {
      if (pg != null) {
        pg.close();
      }
      delete(dir);
    }
  }

  private static void logBatch(String backend, Store store, HttpClient http, String base)
      throws Exception {
    String exp = store.tracking().createExperiment("log-batch", null, Map.of());
    String storeRun = store.tracking().createRun(NewRun.in(exp)).id();
    String httpRun = store.tracking().createRun(NewRun.in(exp)).id();
    Random random = new Random(42);
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (int r = 0; r < 100; r++) {
        List<Metric> batch = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
          long step = 100_000L * round + 1000L * r + i;
          batch.add(new Metric("m" + (i % 10), random.nextDouble(), step, step));
        }
        store.tracking().logBatch(storeRun, batch, List.of(), List.of());
      }
      double storeSeconds = (System.nanoTime() - t0) / 1e9;

      List<byte[]> bodies = new ArrayList<>(100);
      for (int r = 0; r < 100; r++) {
        StringBuilder json = new StringBuilder(64_000);
        json.append("{\"run_id\":\"").append(httpRun).append("\",\"metrics\":[");
        for (int i = 0; i < 1000; i++) {
          long step = 100_000L * round + 1000L * r + i;
          if (i > 0) {
            json.append(',');
          }
          json.append("{\"key\":\"m")
              .append(i % 10)
              .append("\",\"value\":")
              .append(random.nextDouble())
              .append(",\"timestamp\":")
              .append(step)
              .append(",\"step\":")
              .append(step)
              .append('}');
        }
        json.append("]}");
        bodies.add(json.toString().getBytes(StandardCharsets.UTF_8));
      }
      URI uri = URI.create(base + "runs/log-batch");
      long t1 = System.nanoTime();
      for (byte[] body : bodies) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("log-batch answered " + response.body());
        }
      }
      double httpSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "log-batch backend=%s round=%d metrics=100000 store_alone=%.0f/s (%.2fs)"
              + " over_http=%.0f/s (%.2fs)%n",
          backend,
          round,
          100_000 / storeSeconds,
          storeSeconds,
          100_000 / httpSeconds,
          httpSeconds);
    }
  }

  private static void search(String backend, Store store, HttpClient http, String base, int runs)
      throws Exception {
    String exp = store.tracking().createExperiment("search", null, Map.of());
    long t0 = System.nanoTime();
    StoreSearch.seedRuns(store, exp, runs);
    System.out.printf(
        Locale.ROOT,
        "search backend=%s runs=%d load=%.1fs%n",
        backend,
        runs,
        (System.nanoTime() - t0) / 1e9);
    URI uri = URI.create(base + "runs/search");
    for (String filter : FILTERS) {
      for (int max : new int[] {100, 1000}) {
        String body =
            String.format(
                "{\"experiment_ids\":[\"%s\"],\"filter\":\"%s\",\"order_by\":[\"metrics.auc"
                    + " DESC\"],\"max_results\":%d}",
                exp, filter, max);
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        int bytes = 0;
        for (int w = 0; w < 10; w++) {
          bytes = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        double[] ms = new double[30];
        for (int r = 0; r < ms.length; r++) {
          long s = System.nanoTime();
          HttpResponse<byte[]> response =
              http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          ms[r] = (System.nanoTime() - s) / 1e6;
          if (response.statusCode() != 200) {
            throw new IllegalStateException("search answered " + response.statusCode());
          }
        }
        Arrays.sort(ms);
        System.out.printf(
            Locale.ROOT,
            "search backend=%s filter=\"%s\" max_results=%d response=%dKB median=%.1fms"
                + " max=%.1fms%n",
            backend,
            filter,
            max,
            bytes / 1024,
            ms[ms.length / 2],
            ms[ms.length - 1]);
      }
    }
  }

  private static void delete(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
