package dev.kiln.store;

/**
 * A child process for {@link MultiProcessSqliteTest}: logs {@code n} metrics to a run, each in its
 * own transaction. Arguments: store URL, run id, metric key, n.
 */
final class MetricWriterMain {
  private MetricWriterMain() {}

  public static void main(String[] args) {
    try (Store store = Store.open(args[0])) {
      int n = Integer.parseInt(args[3]);
      for (int i = 0; i < n; i++) {
        store.tracking().logMetric(args[1], new Metric(args[2], i, 1_000L + i, i));
      }
    }
  }
}
