package dev.kiln.cli.tracking;

import dev.kiln.cli.train.Training;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.store.Dataset;
import dev.kiln.store.DatasetInput;
import dev.kiln.store.Experiment;
import dev.kiln.store.Metric;
import dev.kiln.store.NewRun;
import dev.kiln.store.Param;
import dev.kiln.store.Run;
import dev.kiln.store.RunArtifact;
import dev.kiln.store.RunStatus;
import dev.kiln.store.Store;
import dev.kiln.store.Tag;
import dev.kiln.store.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training recorded as a tracking run: created RUNNING before the training starts (so the bundle
 * names its run), then in one batch its params, metrics and tags, its dataset input and its bundle
 * as an artifact, and FINISHED; or FAILED when the training fails.
 *
 * <p>Metric confidence intervals are logged as metrics of their own, {@code auc_roc_lower} and
 * {@code auc_roc_upper} beside {@code auc_roc}: MLflow clients see the plain metric name with its
 * value, the bounds are searchable with the same filter language ({@code metrics.auc_roc_lower >
 * 0.8}), and the store needs no field MLflow lacks. The interval's level, method and resamples are
 * the run's {@code kiln.ci.*} tags.
 */
public final class TrainingRun {
  public static final String LOWER = "_lower";
  public static final String UPPER = "_upper";
  public static final String SOURCE_NAME = "kiln train";

  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int MAX_ERROR_TAG = 2000;

  private final Store store;
  private final Clock clock;
  private final String runId;

  private TrainingRun(Store store, Clock clock, String runId) {
    this.store = store;
    this.clock = clock;
    this.runId = runId;
  }

  /**
   * Creates the run in the named experiment (created when missing; the store's {@code Default} when
   * null), named {@code runName} or {@code LEARNER-yyyyMMdd-HHmmss}.
   */
  public static TrainingRun start(
      Store store, String experiment, String runName, String learner, String user, Clock clock) {
    return start(store, experiment, runName, learner, user, clock, SOURCE_NAME);
  }

  /**
   * As {@link #start}, for a command other than {@code kiln train} ({@code mlflow.source.name}).
   */
  public static TrainingRun start(
      Store store,
      String experiment,
      String runName,
      String learner,
      String user,
      Clock clock,
      String sourceName) {
    TrackingStore t = store.tracking();
    Experiment e =
        Experiments.findOrCreate(
            t, experiment == null ? TrackingStore.DEFAULT_EXPERIMENT : experiment);
    String name = runName != null ? runName : learner + "-" + NAME_TIME.format(clock.instant());
    Run run =
        t.createRun(
            NewRun.in(e.id())
                .named(name)
                .by(user)
                .startedAt(clock.millis())
                .tag("mlflow.user", user)
                .tag("mlflow.source.name", sourceName)
                .tag("mlflow.source.type", "LOCAL"));
    return new TrainingRun(store, clock, run.id());
  }

  public String id() {
    return runId;
  }

  /** Records what the training did and marks the run FINISHED. */
  public void finished(Training.Result r, String kilnVersion) {
    BundleArtifacts.Stored bundle = BundleArtifacts.put(store.artifacts(), r.bundle());
    long now = clock.millis();
    TrackingStore t = store.tracking();
    t.logBatch(runId, metrics(r.metrics(), now), params(r), tags(r, bundle, kilnVersion));
    t.logInputs(runId, List.of(DatasetInput.of(dataset(r), "training")));
    t.logArtifact(runId, new RunArtifact(BundleArtifacts.RUN_PATH, bundle.digest(), bundle.size()));
    t.updateRun(runId, RunStatus.FINISHED, clock.millis(), null);
  }

  /** The training data as a dataset input: a local file, or a query over JDBC (URL redacted). */
  private static Dataset dataset(Training.Result r) {
    if (r.source().startsWith("jdbc:")) {
      return new Dataset("query", r.datasetDigest(), "jdbc", r.source(), null, null);
    }
    Path data = Path.of(r.source());
    return new Dataset(
        data.getFileName() == null ? r.source() : data.getFileName().toString(),
        r.datasetDigest(),
        "local",
        data.toAbsolutePath().toString(),
        null,
        null);
  }

  /** Marks the run FAILED with the error's message as its {@code kiln.error} tag. */
  public void failed(Throwable error) {
    String message = String.valueOf(error.getMessage());
    if (message.length() > MAX_ERROR_TAG) {
      message = message.substring(0, MAX_ERROR_TAG) + "…";
    }
    TrackingStore t = store.tracking();
    t.logBatch(runId, List.of(), List.of(), List.of(new Tag("kiln.error", message)));
    t.updateRun(runId, RunStatus.FAILED, clock.millis(), null);
  }

  static List<Metric> metrics(List<MetricValue> values, long now) {
    List<Metric> out = new ArrayList<>();
    for (MetricValue m : values) {
      out.add(new Metric(m.name(), m.value(), now, 0));
      out.add(new Metric(m.name() + LOWER, m.lower(), now, 0));
      out.add(new Metric(m.name() + UPPER, m.upper(), now, 0));
    }
    return out;
  }

  /**
   * The learner's effective params and the run's settings; a learner param named like a setting
   * with another value (a {@code --param seed} unlike {@code --seed}) is kept as {@code learner.K}.
   */
  static List<Param> params(Training.Result r) {
    Map<String, String> run = new LinkedHashMap<>();
    run.put("learner", r.learner());
    run.put("task", r.target().task().kind().name().toLowerCase(Locale.ROOT));
    if (r.target().column() != null) {
      run.put("target", r.target().column()); // a clustering has none
    }
    run.put("split", r.split());
    run.put("seed", Long.toString(r.seed()));
    Map<String, String> all = new LinkedHashMap<>(run);
    for (Map.Entry<String, Object> p : r.learnerParams().entrySet()) {
      String value = String.valueOf(p.getValue());
      String key = p.getKey();
      if (run.containsKey(key) && !run.get(key).equals(value)) {
        key = "learner." + key;
      }
      all.put(key, value);
    }
    List<Param> out = new ArrayList<>();
    all.forEach((k, v) -> out.add(new Param(k, v)));
    return out;
  }

  private static List<Tag> tags(Training.Result r, BundleArtifacts.Stored bundle, String version) {
    List<Tag> out = new ArrayList<>();
    if (r.codeCommit() != null) {
      out.add(new Tag("mlflow.source.git.commit", r.codeCommit()));
    }
    out.add(new Tag("kiln.bundle", r.bundle().toAbsolutePath().toString()));
    out.add(new Tag("kiln.bundle.digest", bundle.digest()));
    out.add(new Tag("kiln.version", version));
    out.add(new Tag("kiln.dataset.digest", r.datasetDigest()));
    if (!r.metrics().isEmpty()) {
      MetricValue first = r.metrics().get(0);
      out.add(new Tag("kiln.ci.level", Double.toString(first.level())));
      out.add(new Tag("kiln.ci.method", "percentile bootstrap"));
      out.add(new Tag("kiln.ci.resamples", Integer.toString(first.resamples())));
    }
    return out;
  }
}
