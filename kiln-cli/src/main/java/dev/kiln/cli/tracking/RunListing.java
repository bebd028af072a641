package dev.kiln.cli.tracking;

import dev.kiln.store.Experiment;
import dev.kiln.store.Metric;
import dev.kiln.store.Page;
import dev.kiln.store.Run;
import dev.kiln.store.RunSearch;
import dev.kiln.store.TrackingStore;
import dev.kiln.store.ViewType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code kiln runs list}: a search printed as a table. The metric columns are those the filter and
 * order name, else the three metrics most of the listed runs have.
 */
final class RunListing {
  private static final Pattern METRIC = Pattern.compile("metrics\\.([A-Za-z0-9_.\\-/]+)");
  private static final int DEFAULT_METRIC_COLUMNS = 3;

  private RunListing() {}

  static void print(
      TrackingStore t,
      List<String> experimentRefs,
      String filter,
      List<String> orderBy,
      int max,
      boolean deleted,
      PrintWriter out) {
    List<Experiment> experiments =
        experimentRefs.isEmpty()
            ? Experiments.all(t, ViewType.ACTIVE_ONLY)
            : experimentRefs.stream().map(e -> Experiments.find(t, e)).toList();
    Map<String, String> names =
        experiments.stream().collect(Collectors.toMap(Experiment::id, Experiment::name));
    Page<Run> page =
        t.searchRuns(
            new RunSearch(
                experiments.stream().map(Experiment::id).toList(),
                filter,
                deleted ? ViewType.DELETED_ONLY : ViewType.ACTIVE_ONLY,
                orderBy,
                max,
                null));
    List<Run> runs = page.items();
    if (runs.isEmpty()) {
      out.println("No runs" + (filter == null ? "." : " match the filter."));
      return;
    }
    List<String> metrics = metricColumns(filter, orderBy, runs);
    List<String> header = new ArrayList<>(List.of("RUN ID", "NAME", "EXPERIMENT", "STATUS"));
    header.add("STARTED");
    header.add("LEARNER");
    header.addAll(metrics);
    Table table = new Table(header);
    for (Run r : runs) {
      List<String> row = new ArrayList<>();
      row.add(r.id());
      row.add(r.info().runName());
      row.add(names.getOrDefault(r.info().experimentId(), r.info().experimentId()));
      row.add(r.info().status().name());
      row.add(Formats.time(r.info().startTime()));
      row.add(r.params().getOrDefault("learner", "-"));
      for (String m : metrics) {
        Metric v = r.metrics().get(m);
        row.add(v == null ? "-" : Formats.number(v.value()));
      }
      table.row(row);
    }
    table.print(out, "");
    if (page.nextPageToken() != null) {
      out.printf("(first %d runs; more with --max)%n", runs.size());
    }
  }

  static List<String> metricColumns(String filter, List<String> orderBy, List<Run> runs) {
    Set<String> named = new LinkedHashSet<>();
    List<String> texts = new ArrayList<>(orderBy);
    if (filter != null) {
      texts.add(0, filter);
    }
    for (String text : texts) {
      Matcher m = METRIC.matcher(text);
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    if (!named.isEmpty()) {
      return List.copyOf(named);
    }
    Map<String, Long> counts =
        runs.stream()
            .flatMap(
                r -> r.metrics().keySet().stream().filter(k -> !Formats.isBound(k, r.metrics())))
            .collect(
                Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(DEFAULT_METRIC_COLUMNS)
        .map(Map.Entry::getKey)
        .toList();
  }
}
