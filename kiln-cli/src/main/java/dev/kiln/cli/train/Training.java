package dev.kiln.cli.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.UserException;
import dev.kiln.core.bundle.Provenance;
import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Progress;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.metrics.Bootstrap;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.core.metrics.Metrics;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.Profiler;
import dev.kiln.core.schema.Schema;
import dev.kiln.core.transform.FittedPipeline;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.core.transform.TargetEncode;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.source.DataSource;
import dev.kiln.data.source.Sources;
import dev.kiln.data.split.SplitResult;
import dev.kiln.data.split.Splitter;
import dev.kiln.data.split.TimeSplit;
import dev.kiln.learn.KMeansModel;
import dev.kiln.learn.Learners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * One training run: read the data, read the target, split, fit the default pipeline and the learner
 * on the training side, measure on the holdout with bootstrap intervals, and write the bundle.
 * Configured by a {@link Builder}; every check that needs no training runs before any training, and
 * nothing is written unless every step worked.
 *
 * <p>A clustering learner (k-means) takes no target: its pipeline standardizes the numbers ({@link
 * ClusteringFeatures}), the holdout is split as asked (a random split is not stratified), and the
 * holdout gets clustering metrics (inertia, silhouette, Davies-Bouldin, Calinski-Harabasz).
 */
public final class Training {
  /** Fewer rows than this cannot give a training side and a holdout worth measuring. */
  public static final int MIN_ROWS = 10;

  /** Share of the training side held back to watch for early stopping. */
  static final double VALIDATION_FRACTION = 0.1;

  private static final String MANIFEST = "kiln-model.json";

  private final String data;
  private final Optional<String> query;
  private final Optional<Path> schemaFile;
  private final String target;
  private final Optional<Task.Kind> task;
  private final String split;
  private final String learner;
  private final Map<String, String> params;
  private final long seed;
  private final int resamples;
  private final List<String> exclude;
  private final List<String> targetEncoded;
  private final Path out;
  private final Clock clock;
  private final String kilnVersion;
  private final String runId;

  /**
   * What a run did, for the caller to print and record.
   *
   * @param learnerParams every learner parameter with its effective value (defaults included)
   * @param datasetDigest the digest of the data read (all rows, before the split)
   * @param codeCommit the git commit of the working folder, or null
   * @param phases wall seconds of each phase (read, split, features, train, holdout, bundle), in
   *     order
   */
  public record Result(
      String source,
      int rows,
      Target target,
      String split,
      int trainRows,
      int holdoutRows,
      List<String> features,
      List<String> notes,
      List<MetricValue> metrics,
      Path bundle,
      String learner,
      Map<String, Object> learnerParams,
      long seed,
      String datasetDigest,
      String codeCommit,
      Map<String, Double> phases) {}

  private Training(Builder b) {
    this.data = Objects.requireNonNull(b.data, "data");
    this.query = Optional.ofNullable(b.query);
    this.schemaFile = Optional.ofNullable(b.schema);
    this.target = b.target;
    this.task = Optional.ofNullable(b.task);
    this.split = b.split;
    this.learner = b.learner;
    this.params = Map.copyOf(b.params);
    this.seed = b.seed;
    this.resamples = b.resamples;
    this.exclude = List.copyOf(b.exclude);
    this.targetEncoded = List.copyOf(b.targetEncoded);
    this.out = Objects.requireNonNull(b.out, "out");
    this.clock = b.clock;
    this.kilnVersion = b.kilnVersion;
    this.runId = b.runId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Runs the training; {@code progress} hears about every tree or iteration. */
  public Result run(Progress progress) {
    // Checks that need no data first: a typo in a parameter should not cost a file read.
    UserException.require(
        seed >= 0 && seed <= Integer.MAX_VALUE, "--seed must be 0 to 2147483647 but was %d", seed);
    boolean clustering = Learners.tasks(learner).contains(Task.Kind.CLUSTERING);
    checkTask(clustering);
    Map<String, String> learnerParams = withSeed(params);
    Map<String, Object> effective =
        Params.of(learner, Learners.params(learner), learnerParams).effective();
    int k = clustering ? clusters(effective) : 0;
    Bootstrap bootstrap = Bootstrap.builder(seed).resamples(resamples).build();
    SplitSpec spec = SplitSpec.parse(split);
    checkWritable(out);

    Optional<Schema> schema = schemaFile.map(SchemaFile::read);
    UserException.require(
        data.startsWith("jdbc:") || query.isEmpty(),
        "--query applies to a JDBC URL in --data, not to the file %s",
        data);
    Phases phases = new Phases(System::nanoTime);
    DataSource source = Sources.open(data, query, schema);
    Frame frame = source.read();
    phases.lap("read");
    // The dataset digest needs only the data: it is made on another thread from here on.
    Instant now = clock.instant();
    CompletableFuture<Provenance> provenanceStep = provenanceAsync(frame, now);
    int rows = frame.rowCount();
    Target y = clustering ? Target.none() : Target.of(frame, target, task);
    Learner fitter = Learners.create(learner, y.task(), learnerParams);
    List<String> notes = new ArrayList<>();
    Splitter splitter = splitter(spec, y, notes);
    Set<String> excluded = excluded(frame, splitter, notes);
    checkFeatures(frame, excluded);
    Pipeline pipeline =
        clustering
            ? ClusteringFeatures.of(frame.schema(), excluded, source.location(), notes)
            : supervised(frame, excluded);
    if (frame.rowCount() < MIN_ROWS) {
      throw new UserException(
          source.location()
              + " has "
              + frame.rowCount()
              + " rows; training needs at least "
              + MIN_ROWS
              + " (some to learn from, some to measure on)");
    }
    SplitResult parts;
    try {
      parts = splitter.apply(frame);
    } catch (UserException e) {
      throw new UserException("--split " + splitter.split().spec() + ": " + e.getMessage(), e);
    }
    notes.addAll(parts.notes());
    checkSides(parts, y, splitter);
    if (clustering && parts.train().length < k) {
      throw new UserException(
          String.format(
              "--param k=%d: k-means needs at least %d training rows, one per cluster, but split %s"
                  + " leaves %,d",
              k, k, spec(splitter), parts.train().length));
    }

    Frame train = frame.take(parts.train());
    Frame holdout = frame.take(parts.test());
    // The whole table is the largest thing held; from here the two sides are enough (the digest's
    // thread keeps its own reference until done). The method runs once, interpreted, where a local
    // keeps its value alive to the end: hence the explicit null.
    frame = null;
    double[] trainLabels = clustering ? null : pick(y.labels(), parts.train());
    double[] holdoutLabels = clustering ? null : pick(y.labels(), parts.test());
    Optional<Frame> validation = Optional.empty();
    double[] validationLabels = null;
    if (earlyStopping(learnerParams)) {
      // Early stopping watches rows the model does not learn from and the holdout does not judge:
      // a tenth of the training side, drawn the way the holdout was.
      Splitter inner = Splitter.of(validationSpec(splitter, y), VALIDATION_FRACTION, seed);
      SplitResult v = inner.apply(train);
      validation = Optional.of(train.take(v.test()));
      validationLabels = pick(trainLabels, v.test());
      trainLabels = pick(trainLabels, v.train());
      train = train.take(v.train());
      notes.add(
          String.format(
              "early stopping watches %,d of the training rows (%s); the model learns from the"
                  + " other %,d",
              v.test().length, inner.split().spec(), v.train().length));
    }
    phases.lap("split");
    // The reference profile, like the digest, is made on another thread while the pipeline fits
    // and the learner trains, not after.
    CompletableFuture<Profile> reference = referenceAsync(train, source.location(), now);
    Pipeline.Fitted fitting = pipeline.fitTransform(train, trainLabels, y.classes(), seed);
    FittedPipeline fitted = fitting.pipeline();
    List<String> featureNames = fitted.featureNames();
    int width = featureNames.size();
    float[] features = fitting.trainingFloats();
    int trainRows = train.rowCount();
    // the learner needs only the features: let the training side go (as the table above)
    fitting = null;
    train = null;
    if (clustering) {
      requireFinite(features, featureNames, "training");
    }
    TrainingSet set =
        clustering
            ? TrainingSet.unlabelled(features, trainRows, width, featureNames)
            : TrainingSet.of(features, trainRows, width, featureNames, trainLabels);
    Optional<TrainingSet> watched = Optional.empty();
    if (validation.isPresent()) {
      Frame v = validation.get();
      float[] vx = fitted.transformFloats(v);
      watched =
          Optional.of(TrainingSet.of(vx, v.rowCount(), width, featureNames, validationLabels));
    }
    phases.lap("features");
    Model model = fitter.fit(set, watched, progress);
    phases.lap("train");
    try {
      float[] holdoutFloats = fitted.transformFloats(holdout);
      double[] predictions = model.predict(holdoutFloats, holdout.rowCount());
      List<MetricValue> metrics;
      try {
        if (clustering) {
          requireFinite(holdoutFloats, featureNames, "holdout");
          metrics = clusteringMetrics(model, holdoutFloats, predictions, bootstrap, notes);
        } else {
          metrics = HoldoutMetrics.compute(y.task(), holdoutLabels, predictions, bootstrap);
        }
      } catch (UserException e) {
        throw new UserException(
            "holdout metrics of split " + spec(splitter) + ": " + e.getMessage(), e);
      }
      ObjectNode about = JsonNodeFactory.instance.objectNode();
      about.put("split", splitter.split().spec());
      about.put("test_fraction", splitter.testFraction());
      about.put("seed", seed);
      about.put("train_rows", trainRows);
      about.put("rows", holdout.rowCount());
      if (clustering) {
        about.put("silhouette_rows", Math.min(holdout.rowCount(), Metrics.SILHOUETTE_EXACT_ROWS));
      }
      phases.lap("holdout");
      Provenance provenance = joined(provenanceStep);
      Profile referenceProfile = joined(reference);
      phases.lap("profile wait");
      ModelBundle bundle = ModelBundle.of(bundleName(), fitted, model);
      if (!clustering) {
        bundle.target(target, y.classes());
      }
      bundle
          .metrics(HoldoutMetrics.toJson(metrics, bootstrap, about))
          .referenceProfile(referenceProfile)
          .provenance(provenance)
          .write(out);
      phases.lap("bundle");
      return new Result(
          source.location(),
          rows,
          y,
          splitter.split().spec(),
          trainRows,
          holdout.rowCount(),
          featureNames,
          List.copyOf(notes),
          metrics,
          out,
          learner,
          effective,
          seed,
          provenance.datasetDigest(),
          provenance.codeCommit(),
          phases.seconds());
    } finally {
      model.close();
    }
  }

  /**
   * Refuses a target, task or target encoding that does not fit the learner: a clustering learner
   * takes no target, every other learner needs one.
   */
  private void checkTask(boolean clustering) {
    if (clustering) {
      if (target != null) {
        throw new UserException(
            "--target "
                + target
                + ": learner "
                + learner
                + " clusters rows without a target; drop --target (and --exclude "
                + target
                + " to keep the column out of the features)");
      }
      if (task.isPresent() && task.get() != Task.Kind.CLUSTERING) {
        throw new UserException(
            "--task "
                + task.get().name().toLowerCase(Locale.ROOT)
                + " needs a target and a supervised learner; learner "
                + learner
                + " does clustering");
      }
      if (!targetEncoded.isEmpty()) {
        throw new UserException(
            "--target-encode needs a target; learner " + learner + " clusters without one");
      }
      return;
    }
    if (task.isPresent() && task.get() == Task.Kind.CLUSTERING) {
      throw new UserException(
          "--task clustering needs --learner kmeans; learner "
              + learner
              + " does "
              + Learners.tasks(learner).stream()
                  .map(t -> t.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")));
    }
    if (target == null) {
      throw new UserException(
          "--target is required for learner "
              + learner
              + " (only "
              + clusteringLearners()
              + " trains without a target)");
    }
  }

  private static String clusteringLearners() {
    return Learners.names().stream()
        .filter(l -> Learners.tasks(l).contains(Task.Kind.CLUSTERING))
        .collect(Collectors.joining(", "));
  }

  /** The number of clusters asked for; kiln train needs 2 or more to measure them. */
  private int clusters(Map<String, Object> effective) {
    int k = ((Number) effective.get("k")).intValue();
    if (k < 2) {
      throw new UserException(
          "Parameter k of learner "
              + learner
              + " must be at least 2 for kiln train (the holdout metrics compare clusters) but was "
              + k);
    }
    return k;
  }

  /** The default pipeline, with target encoding for the --target-encode columns. */
  private Pipeline supervised(Frame frame, Set<String> excluded) {
    Pipeline defaults = Pipeline.defaults(frame.schema(), excluded.toArray(String[]::new));
    Set<String> encoded = new LinkedHashSet<>();
    for (String c : targetEncoded) {
      if (!frame.hasColumn(c)) {
        throw new UserException(
            "--target-encode column '"
                + c
                + "' is not in the data; its columns are "
                + String.join(", ", frame.columnNames()));
      }
      if (excluded.contains(c)) {
        throw new UserException(
            "--target-encode column '"
                + c
                + "' is not a feature ("
                + (c.equals(target) ? "it is the target" : "it is excluded")
                + ")");
      }
      encoded.add(c);
    }
    if (encoded.isEmpty()) {
      return defaults;
    }
    Pipeline.Builder b = Pipeline.builder();
    for (Pipeline.Step s : defaults.steps()) {
      b.add(s.column(), encoded.contains(s.column()) ? TargetEncode.defaults() : s.transform());
    }
    return b.build();
  }

  /** Refuses features k-means cannot measure distances with (an infinite value in the data). */
  private static void requireFinite(float[] v, List<String> names, String side) {
    int columns = names.size();
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        String feature = names.get(i % columns);
        int rows = 0;
        for (int at = i % columns; at < v.length; at += columns) {
          rows += Float.isFinite(v[at]) ? 0 : 1;
        }
        throw new UserException(
            String.format(
                "feature '%s' is %s on %,d %s row%s; k-means measures distances and needs finite"
                    + " numbers (drop or fill those rows)",
                feature, v[i], rows, side, rows == 1 ? "" : "s"));
      }
    }
  }

  /** The holdout's clustering metrics against the k-means model's centroids. */
  private static List<MetricValue> clusteringMetrics(
      Model model,
      float[] features,
      double[] predictions,
      Bootstrap bootstrap,
      List<String> notes) {
    if (!(model instanceof KMeansModel km)) {
      throw new IllegalStateException("a clustering model without centroids: " + model.info());
    }
    int n = predictions.length;
    double[] x = new double[features.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = features[i]; // what the model measured: its features are floats
    }
    int[] assigned = new int[n];
    for (int i = 0; i < n; i++) {
      assigned[i] = (int) predictions[i];
    }
    if (n > Metrics.SILHOUETTE_EXACT_ROWS) {
      notes.add(
          String.format(
              "silhouette on a sample of %,d of the %,d holdout rows (seeded; exact up to %,d);"
                  + " its interval is over resamples of those rows",
              Metrics.SILHOUETTE_EXACT_ROWS, n, Metrics.SILHOUETTE_EXACT_ROWS));
    }
    return HoldoutMetrics.clustering(x, assigned, km.centroids(), bootstrap);
  }

  /** Runs {@code task} on a new daemon thread (not the common pool the metrics use). */
  private static void background(Runnable task) {
    Thread t = new Thread(task, "kiln-train-reference");
    t.setDaemon(true);
    t.start();
  }

  /** The value of a finished background step; its user error as thrown there. */
  private static <T> T joined(CompletableFuture<T> step) {
    try {
      return step.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** True when the learner is asked to stop early ({@code early_stopping_rounds} above 0). */
  private static boolean earlyStopping(Map<String, String> learnerParams) {
    String rounds = learnerParams.get("early_stopping_rounds");
    return rounds != null && Integer.parseInt(rounds.trim()) > 0;
  }

  /** The validation split inside the training side: the holdout's kind, a tenth of the rows. */
  private static String validationSpec(Splitter holdout, Target y) {
    String spec = holdout.split().spec();
    if (spec.startsWith("time:")) {
      int at = spec.indexOf('@');
      return at < 0 ? spec : spec.substring(0, at);
    }
    return y.task().isClassification() ? "stratified:" + y.column() : "random";
  }

  /** The run's seed is the learner's too, unless a --param seed says otherwise. */
  private Map<String, String> withSeed(Map<String, String> given) {
    boolean takesSeed = Learners.params(learner).stream().anyMatch(p -> p.name().equals("seed"));
    if (!takesSeed || given.containsKey("seed")) {
      return given;
    }
    Map<String, String> all = new LinkedHashMap<>(given);
    all.put("seed", Long.toString(seed));
    return all;
  }

  private Splitter splitter(SplitSpec spec, Target y, List<String> notes) {
    String s = spec.split();
    if (y.task().isClassification() && s.equals("random")) {
      s = "stratified:" + target;
      notes.add(
          "random split stratified by the target '"
              + target
              + "', so every class keeps its share on both sides");
    }
    return Splitter.of(s, spec.testFraction(), seed);
  }

  private Set<String> excluded(Frame frame, Splitter splitter, List<String> notes) {
    Set<String> skip = new LinkedHashSet<>();
    if (target != null) {
      skip.add(target);
    }
    for (String c : exclude) {
      if (!frame.hasColumn(c)) {
        throw new UserException(
            "--exclude column '"
                + c
                + "' is not in the data; its columns are "
                + String.join(", ", frame.columnNames()));
      }
      skip.add(c);
    }
    if (splitter.split() instanceof TimeSplit t && skip.add(t.column())) {
      notes.add(
          "time column '"
              + t.column()
              + "' is not a feature: every holdout time lies after the training times");
    }
    if (skip.size() == frame.columnCount()) {
      throw new UserException(
          "no feature columns are left: the data has only "
              + frame.columnNames()
              + ", all excluded");
    }
    return skip;
  }

  private static String spec(Splitter splitter) {
    return splitter.split().spec();
  }

  private static void checkFeatures(Frame frame, Set<String> excluded) {
    for (Column c : frame.columns()) {
      if (!excluded.contains(c.name()) && c.size() > 0 && c.nullCount() == c.size()) {
        throw new UserException(
            "feature column '"
                + c.name()
                + "' is empty on every row; there is nothing to learn from it (drop it with"
                + " --exclude "
                + c.name()
                + ")");
      }
    }
  }

  private static void checkSides(SplitResult parts, Target y, Splitter splitter) {
    String spec = splitter.split().spec();
    if (parts.train().length == 0 || parts.test().length == 0) {
      throw new UserException(
          "split "
              + spec
              + " leaves "
              + parts.train().length
              + " training rows and "
              + parts.test().length
              + " holdout rows; both sides need rows (move the cut-off or change the split)");
    }
    if (y.task().isClassification()) {
      boolean[] seen = new boolean[y.classes().size()];
      for (int r : parts.train()) {
        seen[(int) y.labels()[r]] = true;
      }
      if (y.task().kind() == Task.Kind.BINARY) {
        int first = (int) y.labels()[parts.test()[0]];
        boolean both = false;
        for (int r : parts.test()) {
          both |= (int) y.labels()[r] != first;
        }
        if (!both) {
          throw new UserException(
              "the holdout of split "
                  + spec
                  + " holds only class '"
                  + y.classes().get(first)
                  + "' of target '"
                  + y.column()
                  + "'; AUC and the other holdout metrics need both classes (move the cut-off or"
                  + " use a stratified split)");
        }
      }
      for (int k = 0; k < seen.length; k++) {
        if (!seen[k]) {
          throw new UserException(
              "class '"
                  + y.classes().get(k)
                  + "' of target '"
                  + y.column()
                  + "' has no rows on the training side of split "
                  + spec
                  + "; a model cannot learn a class it never sees");
        }
      }
    }
  }

  /** Refuses an output that cannot be written, or a folder that is not a bundle (it would go). */
  static void checkWritable(Path out) {
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UserException(
          "cannot write bundle " + out + ": the folder " + dir + " does not exist");
    }
    if (!Files.isWritable(dir)) {
      throw new UserException("cannot write bundle " + out + ": permission denied on " + dir);
    }
    if (Files.isDirectory(out) && !Files.exists(out.resolve(MANIFEST))) {
      throw new UserException(
          "--out "
              + out
              + " is a folder that is not a model bundle; kiln train replaces only a bundle");
    }
    if (Files.isRegularFile(out) && !out.getFileName().toString().endsWith(".kiln")) {
      throw new UserException(
          "--out " + out + " is a file that is not a .kiln bundle; kiln train would replace it");
    }
  }

  private String bundleName() {
    String file = out.getFileName().toString();
    return file.endsWith(".kiln") ? file.substring(0, file.length() - 5) : file;
  }

  private CompletableFuture<Provenance> provenanceAsync(Frame frame, Instant now) {
    return CompletableFuture.supplyAsync(() -> provenance(frame, now), Training::background);
  }

  private static CompletableFuture<Profile> referenceAsync(
      Frame train, String location, Instant now) {
    return CompletableFuture.supplyAsync(
        () -> Profiler.of(train, location, now), Training::background);
  }

  private Provenance provenance(Frame frame, Instant now) {
    String schemaYaml = null;
    if (schemaFile.isPresent()) {
      try {
        schemaYaml = Files.readString(schemaFile.get());
      } catch (IOException e) {
        throw new UserException("cannot read schema " + schemaFile.get() + ": " + e.getMessage());
      }
    }
    return new Provenance(
        runId,
        DatasetDigest.of(frame),
        schemaYaml,
        GitCommit.of(Path.of("").toAbsolutePath()).orElse(null),
        kilnVersion,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        now.toString());
  }

  private static double[] pick(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  /** The settings of a run. */
  public static final class Builder {
    private String data;
    private String query;
    private Path schema;
    private String target;
    private Task.Kind task;
    private String split = "random:0.2";
    private String learner = Learners.names().get(0);
    private final Map<String, String> params = new LinkedHashMap<>();
    private long seed = 42;
    private int resamples = Bootstrap.DEFAULT_RESAMPLES;
    private final List<String> exclude = new ArrayList<>();
    private final List<String> targetEncoded = new ArrayList<>();
    private Path out;
    private Clock clock = Clock.systemUTC();
    private String kilnVersion = "dev";
    private String runId;

    private Builder() {}

    public Builder data(Path file) {
      this.data = file.toString();
      return this;
    }

    /** A file path, or a JDBC URL with the {@code query} that selects the rows (else null). */
    public Builder source(String location, String query) {
      this.data = location;
      this.query = query;
      return this;
    }

    public Builder schema(Path file) {
      this.schema = file;
      return this;
    }

    public Builder target(String column) {
      this.target = column;
      return this;
    }

    /** Forces the task (null: infer it from the target). */
    public Builder task(Task.Kind kind) {
      this.task = kind;
      return this;
    }

    /**
     * A split ({@code random}, {@code stratified:COL}, {@code time:COL@T}, …), optionally {@code
     * :FRACTION}.
     */
    public Builder split(String spec) {
      this.split = spec;
      return this;
    }

    public Builder learner(String name) {
      this.learner = name;
      return this;
    }

    public Builder params(Map<String, String> values) {
      this.params.putAll(values);
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder resamples(int count) {
      this.resamples = count;
      return this;
    }

    /** Categorical columns to target-encode (out of fold) instead of their default transform. */
    public Builder targetEncode(List<String> columns) {
      this.targetEncoded.addAll(columns);
      return this;
    }

    /** Columns that are not features (keys, leaks); the target never is. */
    public Builder exclude(List<String> columns) {
      this.exclude.addAll(columns);
      return this;
    }

    public Builder out(Path bundle) {
      this.out = bundle;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder kilnVersion(String version) {
      this.kilnVersion = version;
      return this;
    }

    /** The tracking run this training is recorded as, written into the bundle's provenance. */
    public Builder runId(String id) {
      this.runId = id;
      return this;
    }

    public Training build() {
      return new Training(this);
    }
  }
}
