package dev.kiln.cli;

import dev.kiln.cli.tracking.StoreOptions;
import dev.kiln.cli.tracking.TrainingRun;
import dev.kiln.cli.tracking.Who;
import dev.kiln.cli.train.Training;
import dev.kiln.core.UserException;
import dev.kiln.core.learn.Task;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln train}: trains a model from a file, measures it on a holdout, writes the bundle. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model on a file, print its holdout metrics with 95%% bootstrap confidence"
          + " intervals, and write a model bundle (a folder, or a .kiln zip).",
      "The task is inferred from the target: 2 values binary; an integer, categorical or"
          + " boolean target with at most 20 values multiclass; numbers otherwise regression.",
      "Splits: random[:F], stratified:COL[:F], group:COL[:F], time:COL[:F], time:COL@CUT."
          + " For a classifier, random is stratified by the target.",
      "--learner kmeans clusters the rows without a target: numbers are standardized and the"
          + " holdout is measured by inertia, silhouette, Davies-Bouldin and Calinski-Harabasz.",
      "The training is recorded as a run in the store (params, metrics with their intervals,"
          + " dataset digest, the bundle as an artifact) unless --no-track is given."
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE|JDBC-URL",
      description =
          "Training data: a .csv, .tsv, .parquet or .jsonl file, or a JDBC URL (jdbc:sqlite:PATH,"
              + " jdbc:postgresql://…) with --query.")
  String data;

  @Option(
      names = "--query",
      paramLabel = "SQL",
      description = "The rows to train on when --data is a JDBC URL.")
  String query;

  @Option(
      names = "--target",
      paramLabel = "COL",
      description = "The column to predict (required, except for --learner kmeans).")
  String target;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "BUNDLE",
      description = "Where to write the bundle: a folder, or a file ending in .kiln (a zip).")
  Path out;

  @Option(
      names = "--learner",
      paramLabel = "NAME",
      defaultValue = "lightgbm",
      description = "lightgbm, xgboost, logistic, linear or kmeans (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(
      names = "--param",
      paramLabel = "K=V",
      description = "A learner parameter, repeatable (e.g. --param num_iterations=200).")
  List<String> params = new ArrayList<>();

  @Option(
      names = "--task",
      paramLabel = "TASK",
      description =
          "binary, multiclass, regression or clustering (default: inferred from the target;"
              + " clustering for kmeans).")
  String task;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      defaultValue = "random:0.2",
      description = "How to hold out rows for the metrics (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "A schema file (YAML) whose types override inference.")
  Path schema;

  @Option(
      names = "--exclude",
      paramLabel = "COL",
      split = ",",
      description = "Columns that are not features (ids, leaks), comma-separated or repeated.")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--target-encode",
      paramLabel = "COL",
      split = ",",
      description =
          "Categorical columns to target-encode (out of fold; one feature per class for a"
              + " multiclass target) instead of one-hot or ordinal.")
  List<String> targetEncode = new ArrayList<>();

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the split, the learner and the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--resamples",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Bootstrap resamples for the confidence intervals (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "The experiment the run is recorded in, created if missing (default: Default).")
  String experiment;

  @Option(
      names = "--run-name",
      paramLabel = "NAME",
      description = "The run's name (default: LEARNER-yyyyMMdd-HHmmss).")
  String runName;

  @Option(names = "--no-track", description = "Do not record the training as a run.")
  boolean noTrack;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    String v = KilnCommand.class.getPackage().getImplementationVersion();
    String version = v == null ? "dev" : v;
    Map<String, String> learnerParams = params(params);
    if (noTrack) {
      Training.Result result = train(null, learnerParams, version);
      print(spec.commandLine().getOut(), result);
      return 0;
    }
    Clock clock = Clock.systemUTC();
    try (Store opened = store.open()) {
      TrainingRun run =
          TrainingRun.start(
              opened, experiment, runName, learner, Who.of(null, System.getenv()), clock);
      Training.Result result;
      try {
        result = train(run.id(), learnerParams, version);
        print(spec.commandLine().getOut(), result);
        run.finished(result, version);
      } catch (RuntimeException | Error e) {
        try {
          run.failed(e);
        } catch (RuntimeException second) {
          e.addSuppressed(second);
        }
        throw e;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "recorded run %s in experiment '%s' of %s%n",
          run.id(), experiment == null ? "Default" : experiment, opened.url());
      out.flush();
    }
    return 0;
  }

  private Training.Result train(String runId, Map<String, String> learnerParams, String version) {
    Training training =
        Training.builder()
            .source(data, query)
            .schema(schema)
            .target(target)
            .task(task == null ? null : task(task))
            .split(split)
            .learner(learner)
            .params(learnerParams)
            .seed(seed)
            .resamples(resamples)
            .exclude(exclude)
            .targetEncode(targetEncode)
            .out(out)
            .kilnVersion(version)
            .runId(runId)
            .build();
    try (TrainingBar bar = new TrainingBar(learner)) {
      return training.run(bar::update);
    }
  }

  /** Parses {@code k=v} pairs; the learner checks names and values. */
  static Map<String, String> params(List<String> pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            "--param '" + pair + "' is not NAME=VALUE (e.g. --param num_iterations=200)");
      }
      map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return map;
  }

  private static Task.Kind task(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("binary")
        || n.equals("multiclass")
        || n.equals("regression")
        || n.equals("clustering")) {
      return Task.Kind.valueOf(n.toUpperCase(Locale.ROOT));
    }
    throw new UserException(
        "--task '" + name + "' is not one of binary, multiclass, regression, clustering");
  }

  private static void print(PrintWriter out, Training.Result r) {
    if (r.target().column() == null) {
      out.printf(
          Locale.ROOT,
          "%s: %,d rows; clustering, k=%s, no target%n",
          r.source(),
          r.rows(),
          r.learnerParams().get("k"));
    } else {
      out.printf(
          Locale.ROOT,
          "%s: %,d rows; target '%s', %s%s%n",
          r.source(),
          r.rows(),
          r.target().column(),
          r.target().task(),
          r.target().classes().isEmpty() ? "" : " " + r.target().classes());
    }
    out.printf(
        Locale.ROOT,
        "split %s: %,d training rows, %,d holdout rows; %d features%n",
        r.split(),
        r.trainRows(),
        r.holdoutRows(),
        r.features().size());
    for (String note : r.notes()) {
      out.println("note: " + note);
    }
    MetricValue first = r.metrics().get(0);
    out.printf(
        Locale.ROOT,
        "holdout metrics (%.0f%% bootstrap CI, %d resamples):%n",
        first.level() * 100,
        first.resamples());
    out.printf("  %-18s %10s  %s%n", "metric", "value", "[lower, upper]");
    for (MetricValue m : r.metrics()) {
      out.printf(
          Locale.ROOT,
          "  %-18s %10s  [%s, %s]%n",
          m.name(),
          number(m.value()),
          number(m.lower()),
          number(m.upper()));
    }
    out.println("wrote " + r.bundle());
    out.println(took(r.phases()));
    out.flush();
  }

  /** "took 23.4 s: read 4.2 s, split 0.4 s, …" — where a run's wall time went. */
  static String took(Map<String, Double> phases) {
    double total = phases.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "took %.1f s:", total));
    String separator = " ";
    for (Map.Entry<String, Double> e : phases.entrySet()) {
      b.append(separator).append(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()));
      separator = ", ";
    }
    return b.toString();
  }

  private static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "n/a";
  }
}
