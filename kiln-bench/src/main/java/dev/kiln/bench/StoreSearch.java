package dev.kiln.bench;

import dev.kiln.store.Metric;
import dev.kiln.store.NewRun;
import dev.kiln.store.Param;
import dev.kiln.store.RunSearch;
import dev.kiln.store.Store;
import dev.kiln.store.Tag;
import dev.kiln.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times run searches by a metric filter over 10,000 runs (issue 5's target: at most 50 ms), on a
 * fresh SQLite file or a throwaway PostgreSQL server. Each run has the metrics {@code auc} and
 * {@code loss}, the param {@code learner} and the tag {@code team} (seed 42). Each query runs 10
 * times to warm up, then 30 times timed; prints the median and the slowest of the 30, and the
 * median CPU time of the calling thread.
 *
 * <p>Usage: {@code java -cp 'kiln-bench/target/lib/*' dev.kiln.bench.StoreSearch sqlite|postgresql
 * [RUNS]} after {@code ./mvnw -q -B -pl kiln-bench -am package -DskipTests}.
 */
public final class StoreSearch {
  private static final String[] QUERIES = {
    "metrics.auc > 0.8", "metrics.auc > 0.8 and params.learner = 'lightgbm' and tags.team = 'risk'",
  };

  // SQLite runs in the calling thread, so its CPU time is the query's cost without the waits a
  // shared machine adds; PostgreSQL's work is in the server process and shows in wall time only.
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private StoreSearch() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "sqlite";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("kiln-store-bench");
    PostgresServer pg = null;
    String url;
    if (backend.equals("postgresql")) {
      pg = PostgresServer.start();
      url = pg.jdbcUrl();
    } else {
      url = "sqlite:" + dir.resolve("kiln.db");
    }
    try (Store store = Store.builder().url(url).artifacts(dir.resolve("artifacts")).open()) {
      String exp = store.tracking().createExperiment("bench", null, Map.of());
      long t0 = System.nanoTime();
      seedRuns(store, exp, runs);
      System.out.printf(
          "backend=%s runs=%d load=%.1fs%n", backend, runs, (System.nanoTime() - t0) / 1e9);
      for (String filter : QUERIES) {
        for (int max : new int[] {100, 1000}) {
          RunSearch search =
              RunSearch.in(exp).filter(filter).orderBy("metrics.auc DESC").maxResults(max);
          int found = 0;
          for (int w = 0; w < 10; w++) {
            found = store.tracking().searchRuns(search).items().size();
          }
          double[] ms = new double[30];
          double[] cpu = new double[30];
          for (int r = 0; r < ms.length; r++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            store.tracking().searchRuns(search);
            ms[r] = (System.nanoTime() - s) / 1e6;
            cpu[r] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
          }
          Arrays.sort(ms);
          Arrays.sort(cpu);
          System.out.printf(
              "filter=\"%s\" max_results=%d returned=%d median=%.1fms max=%.1fms"
                  + " median_cpu=%.1fms%n",
              filter, max, found, ms[ms.length / 2], ms[ms.length - 1], cpu[cpu.length / 2]);
        }
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
      try (var files = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(files.toList());
        all.sort(java.util.Comparator.reverseOrder());
        for (Path p : all) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Fills {@code experiment} with {@code runs} runs (seed 42): metrics auc and loss, param learner,
   * tag team; the runs both search benchmarks look through.
   */
  static void seedRuns(Store store, String experiment, int runs) {
    Random random = new Random(42);
    String[] learners = {"lightgbm", "xgboost", "linear"};
    for (int i = 0; i < runs; i++) {
      String id = store.tracking().createRun(NewRun.in(experiment).startedAt(1_000_000L + i)).id();
      store
          .tracking()
          .logBatch(
              id,
              List.of(
                  new Metric("auc", random.nextDouble(), 1, 0),
                  new Metric("loss", random.nextDouble(), 1, 0)),
              List.of(new Param("learner", learners[random.nextInt(3)])),
              List.of(new Tag("team", random.nextBoolean() ? "risk" : "growth")));
    }
  }
}
