package dev.kiln.bench;

import dev.kiln.store.Metric;
import dev.kiln.store.NewRun;
import dev.kiln.store.Store;
import dev.kiln.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The store's side of issue 5's log-batch target (≥ 50,000 metrics/s over HTTP on SQLite): 100
 * {@code logBatch} calls of 1,000 metrics each into one run, straight on the store (no HTTP), three
 * rounds; prints metrics per second for each round.
 *
 * <p>Usage: {@code java -cp 'kiln-bench/target/lib/*' dev.kiln.bench.StoreLogBatch
 * sqlite|postgresql} after {@code ./mvnw -q -B -pl kiln-bench -am package -DskipTests}.
 */
public final class StoreLogBatch {
  private StoreLogBatch() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "sqlite";
    Path dir = Files.createTempDirectory("kiln-store-bench");
    PostgresServer pg = backend.equals("postgresql") ? PostgresServer.start() : null;
    String url = pg != null ? pg.jdbcUrl() : "sqlite:" + dir.resolve("kiln.db");
    Random random = new Random(42);
    try (Store store = Store.builder().url(url).artifacts(dir.resolve("artifacts")).open()) {
      String exp = store.tracking().createExperiment("bench", null, Map.of());
      String run = store.tracking().createRun(NewRun.in(exp)).id();
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int r = 0; r < 100; r++) {
          List<Metric> batch = new ArrayList<>(1000);
          for (int i = 0; i < 1000; i++) {
            long step = 100_000L * round + 1000L * r + i;
            batch.add(new Metric("m" + (i % 10), random.nextDouble(), step, step));
          }
          store.tracking().logBatch(run, batch, List.of(), List.of());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "backend=%s round=%d metrics=100000 seconds=%.2f metrics_per_s=%.0f%n",
            backend, round, seconds, 100_000 / seconds);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
  }
}
