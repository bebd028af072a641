package dev.kiln.cli.tracking;

import dev.kiln.store.DatasetInput;
import dev.kiln.store.Experiment;
import dev.kiln.store.Lineage;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Run;
import dev.kiln.store.RunArtifact;
import dev.kiln.store.RunInfo;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kiln runs show}: one run's attributes, params, metrics with CIs, tags, inputs, lineage.
 */
final class RunReport {
  private RunReport() {}

  static void print(Store store, Run run, PrintWriter out) {
    RunInfo i = run.info();
    Experiment e = store.tracking().getExperiment(i.experimentId());
    out.printf("run %s  %s%n", run.id(), i.runName());
    out.printf("  experiment  %s (id %s)%n", e.name(), e.id());
    out.printf(
        "  status      %s%s%n",
        i.status(), i.lifecycleStage().wire().equals("deleted") ? " (deleted)" : "");
    out.printf("  user        %s%n", i.userId() == null ? "-" : i.userId());
    out.printf("  started     %s%n", Formats.time(i.startTime()));
    out.printf(
        "  ended       %s%s%n",
        Formats.time(i.endTime()),
        i.endTime() == null
            ? ""
            : String.format(Locale.ROOT, " (%.1f s)", (i.endTime() - i.startTime()) / 1000.0));
    if (i.parentRunId() != null) {
      out.printf("  parent run  %s%n", i.parentRunId());
    }

    out.println("params:");
    Table params = new Table(List.of("", ""));
    new TreeMap<>(run.params()).forEach((k, v) -> params.row(List.of(k, v)));
    printOrNone(params, out);

    out.println("metrics:");
    Table metrics = new Table(List.of("", "value [95% CI]"));
    for (String k : new TreeMap<>(run.metrics()).keySet()) {
      if (!Formats.isBound(k, run.metrics())) {
        metrics.row(List.of(k, Formats.withInterval(k, run.metrics())));
      }
    }
    printOrNone(metrics, out);

    out.println("tags:");
    Table tags = new Table(List.of("", ""));
    new TreeMap<>(run.tags()).forEach((k, v) -> tags.row(List.of(k, v)));
    printOrNone(tags, out);

    out.println("inputs:");
    Table inputs = new Table(List.of("", "", "", ""));
    for (DatasetInput d : run.inputs()) {
      inputs.row(
          List.of(
              d.dataset().name(),
              d.dataset().digest(),
              d.tags().getOrDefault(DatasetInput.CONTEXT, "-"),
              d.dataset().source()));
    }
    printOrNone(inputs, out);

    out.println("artifacts:");
    Table artifacts = new Table(List.of("", "", ""));
    for (RunArtifact a : store.tracking().listArtifacts(run.id(), "")) {
      artifacts.row(
          List.of(a.path(), a.digest(), String.format(Locale.ROOT, "%,d bytes", a.size())));
    }
    printOrNone(artifacts, out);

    out.println("lineage:");
    lineage(store, run, out);
  }

  private static void lineage(Store store, Run run, PrintWriter out) {
    Map<String, String> tags = run.tags();
    out.printf("  code commit     %s%n", tags.getOrDefault(Lineage.GIT_COMMIT, "-"));
    for (DatasetInput d : run.inputs()) {
      out.printf("  dataset         %s %s%n", d.dataset().digest(), d.dataset().source());
    }
    if (tags.containsKey("kiln.bundle")) {
      out.printf("  bundle written  %s%n", tags.get("kiln.bundle"));
    }
    List<ModelVersion> versions = store.registry().modelVersionsOfRun(run.id());
    if (versions.isEmpty()) {
      out.println("  registered as   - (kiln models register NAME --run " + run.id() + ")");
    }
    for (ModelVersion v : versions) {
      out.printf(
          "  registered as   %s/%d%s%n",
          v.name(),
          v.version(),
          v.aliases().isEmpty() ? "" : " (" + String.join(", ", v.aliases()) + ")");
    }
  }

  private static void printOrNone(Table t, PrintWriter out) {
    if (t.isEmpty()) {
      out.println("  (none)");
    } else {
      t.printRows(out, "  ");
    }
  }
}
