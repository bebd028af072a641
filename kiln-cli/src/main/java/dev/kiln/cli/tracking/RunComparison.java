package dev.kiln.cli.tracking;

import dev.kiln.store.Run;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * {@code kiln runs compare}: params and metrics of several runs side by side. A row whose values
 * differ between the runs starts with {@code *}; metrics show their confidence intervals, so a
 * difference can be read against the noise.
 */
final class RunComparison {
  static final String DIFFERS = "*";

  private RunComparison() {}

  static void print(List<Run> runs, PrintWriter out) {
    List<String> header = new ArrayList<>(List.of("", ""));
    for (Run r : runs) {
      header.add(r.info().runName() + " (" + r.id().substring(0, 8) + ")");
    }
    Table table = new Table(header);
    TreeSet<String> params = new TreeSet<>();
    runs.forEach(r -> params.addAll(r.params().keySet()));
    table.row(List.of("", "params"));
    for (String k : params) {
      List<String> values = runs.stream().map(r -> r.params().getOrDefault(k, "-")).toList();
      table.row(row(k, values, differ(values)));
    }
    TreeSet<String> metrics = new TreeSet<>();
    runs.forEach(
        r ->
            r.metrics().keySet().stream()
                .filter(k -> !Formats.isBound(k, r.metrics()))
                .forEach(metrics::add));
    table.row(List.of("", "metrics [95% CI]"));
    for (String k : metrics) {
      List<Double> raw =
          runs.stream()
              .map(r -> r.metrics().containsKey(k) ? r.metrics().get(k).value() : null)
              .toList();
      List<String> values = runs.stream().map(r -> Formats.withInterval(k, r.metrics())).toList();
      table.row(row(k, values, differ(raw)));
    }
    table.print(out, "");
    out.println("(" + DIFFERS + " marks rows whose values differ)");
  }

  private static List<String> row(String key, List<String> values, boolean differs) {
    List<String> row = new ArrayList<>();
    row.add(differs ? DIFFERS : "");
    row.add("  " + key);
    row.addAll(values);
    return row;
  }

  private static boolean differ(List<?> values) {
    return values.stream().anyMatch(v -> !Objects.equals(v, values.get(0)));
  }
}
