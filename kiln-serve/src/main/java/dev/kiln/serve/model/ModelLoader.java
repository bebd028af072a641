package dev.kiln.serve.model;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.predict.Predictor;
import dev.kiln.store.ModelRef;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.RegisteredBundle;
import dev.kiln.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Loads a server's models in the background and follows registry aliases with a hot swap.
 *
 * <p>{@link #start()} declares every model {@link ModelRegistry#loading loading} (its routes answer
 * 503 until it is there), then one background thread loads them in order. A registry reference that
 * follows ({@link ModelSource#follows()}: {@code NAME@ALIAS}, or {@code NAME} for its latest
 * version) is checked every poll interval; when it points to another version, that version's bundle
 * is fetched and checked against its digest, loaded (which verifies every file), wrapped as a
 * {@link ServedModel} and warmed ({@link Warmup}), and only then {@link ModelRegistry#swap swapped}
 * in. Until the swap the old version answers; requests that hold it finish on it, and its predictor
 * is closed after the last of them.
 *
 * <p>A version that fails to load, verify or warm is not swapped in: the old one keeps serving, the
 * failure is logged once and counted ({@code kiln_model_load_failures_total}), and that version is
 * not tried again (move the alias to retry). A failed registry check (store unreachable, alias
 * deleted) is logged once per distinct message and the current version keeps serving.
 */
public final class ModelLoader implements AutoCloseable {
  /** Loads a bundle into a predictor (verifying it); tests wrap it to make loading observable. */
  @FunctionalInterface
  public interface BundleLoader {
    Predictor load(Path bundle);
  }

  /**
   * A model version put into service.
   *
   * @param previousVersion the version it replaced, or null on the first load
   * @param loadSeconds fetching, verifying and loading the bundle
   * @param warmSeconds the warm-up requests
   */
  public record Loaded(
      ModelSource source,
      ServedModel model,
      String previousVersion,
      double loadSeconds,
      double warmSeconds) {
    public double totalSeconds() {
      return loadSeconds + warmSeconds;
    }
  }

  /** What the loader knows about one source; touched only by the loader's thread. */
  private static final class Followed {
    final ModelSource source;
    String served;
    final Set<String> failed = new HashSet<>();
    String checkError;

    Followed(ModelSource source) {
      this.source = source;
    }
  }

  private final ModelRegistry registry;
  private final Store store;
  private final ServeMetrics metrics;
  private final Duration poll;
  private final BundleLoader bundles;
  private final Consumer<String> log;
  private final Consumer<Loaded> onReady;
  private final BiConsumer<ModelSource, RuntimeException> onFirstFailure;
  private final List<Followed> sources;

  /** The names whose sources are arms of one name ({@link Traffic}). */
  private final Set<String> routed;

  private final ScheduledExecutorService thread;
  private volatile boolean closed;

  private ModelLoader(Builder b) {
    this.registry = b.registry;
    this.store = b.store;
    this.metrics = b.metrics;
    this.poll = b.poll;
    this.bundles = b.bundles;
    this.log = b.log;
    this.onReady = b.onReady;
    this.onFirstFailure = b.onFirstFailure;
    List<Followed> all = new ArrayList<>();
    for (ModelSource s : b.sources) {
      all.add(new Followed(s));
    }
    this.sources = List.copyOf(all);
    Set<String> split = new HashSet<>();
    for (ModelSource s : b.sources) {
      if (s.routed()) {
        split.add(s.name());
      }
    }
    this.routed = Set.copyOf(split);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiln-model-loader");
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Declares every model loading, then loads them in the background and starts following the
   * registry; returns at once.
   */
  public ModelLoader start() {
    for (Followed f : sources) {
      String name = f.source.name();
      if (!routed.contains(name)) {
        registry.loading(name);
      } else if (!f.source.routed()) {
        registry.route(
            sources.stream().map(g -> g.source).filter(s -> s.name().equals(name)).toList());
      }
    }
    thread.execute(
        () -> {
          for (Followed f : sources) {
            if (!closed) {
              loadFirst(f);
            }
          }
        });
    if (sources.stream().anyMatch(f -> f.source.follows())) {
      long millis = Math.max(1, poll.toMillis());
      thread.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void loadFirst(Followed f) {
    String version = null;
    try {
      if (f.source.reference() == null) {
        version = "1";
        load(f, version, f.source.bundle());
      } else {
        ModelVersion v = f.source.reference().resolve(store.registry());
        version = Integer.toString(v.version());
        load(f, version, bundleOf(v));
      }
    } catch (RuntimeException | LinkageError e) {
      RuntimeException error = runtime(e);
      if (version != null) {
        f.failed.add(version);
        if (metrics != null) {
          metrics.modelLoadFailed(f.source.name(), version);
        }
      }
      if (routed.contains(f.source.name())) {
        registry.dropArm(f.source);
      } else {
        registry.remove(f.source.name());
      }
      if (onFirstFailure != null) {
        onFirstFailure.accept(f.source, error);
      } else {
        log.accept(
            "model '"
                + f.source.name()
                + "' ("
                + f.source.describe()
                + ") could not be loaded: "
                + error.getMessage());
      }
    }
  }

  private void pollAll() {
    for (Followed f : sources) {
      if (closed) {
        return;
      }
      if (f.source.follows()) {
        try {
          check(f);
        } catch (RuntimeException | LinkageError e) {
          log.accept("model '" + f.source.name() + "': unexpected failure while following: " + e);
        }
      }
    }
  }

  /** Resolves the reference again and swaps in the version it names now, if that is new. */
  private void check(Followed f) {
    ModelVersion v;
    try {
      v = f.source.reference().resolve(store.registry());
      f.checkError = null;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(f.checkError)) {
        f.checkError = message;
        log.accept(
            "model '"
                + f.source.name()
                + "': cannot check "
                + f.source.describe()
                + ": "
                + message
                + keeps(f));
      }
      return;
    }
    String version = Integer.toString(v.version());
    if (version.equals(f.served) || f.failed.contains(version)) {
      return;
    }
    try {
      load(f, version, bundleOf(v));
    } catch (RuntimeException | LinkageError e) {
      f.failed.add(version);
      if (metrics != null) {
        metrics.modelLoadFailed(f.source.name(), version);
      }
      log.accept(
          "model '"
              + f.source.name()
              + "' version "
              + version
              + " ("
              + f.source.describe()
              + ") was not put into service: "
              + runtime(e).getMessage()
              + keeps(f));
    }
  }

  private static String keeps(Followed f) {
    return f.served == null ? "" : "; version " + f.served + " keeps serving.";
  }

  /** The version's bundle as a local file, checked against its digest in the artifact store. */
  private Path bundleOf(ModelVersion v) {
    return RegisteredBundle.resolve(store, new ModelRef(v.name(), null, v.version())).bundle();
  }

  private void load(Followed f, String version, Path bundle) {
    long start = System.nanoTime();
    Predictor predictor = bundles.load(bundle);
    ServedModel model;
    long loaded;
    try {
      model = ServedModel.of(f.source.name(), version, predictor);
      loaded = System.nanoTime();
      Warmup.run(model);
    } catch (RuntimeException | LinkageError e) {
      predictor.close();
      throw e;
    }
    long warmed = System.nanoTime();
    if (closed) {
      predictor.close();
      return;
    }
    String previous = f.served;
    if (routed.contains(model.name())) {
      registry.swapArm(f.source, model);
    } else {
      registry.swap(model);
    }
    f.served = version;
    if (metrics != null) {
      metrics.modelLoaded(model.name(), version);
    }
    if (onReady != null) {
      onReady.accept(
          new Loaded(f.source, model, previous, (loaded - start) / 1e9, (warmed - loaded) / 1e9));
    }
  }

  private static RuntimeException runtime(Throwable e) {
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    return new SystemException(e.toString(), e);
  }

  /**
   * Stops following and waits for a load in progress to finish (it is then not swapped in). The
   * registry and its models stay as they are: close the registry after the HTTP server.
   */
  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
        log.accept("a model load did not finish within 60 s of stopping; left behind");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The loader's configuration. */
  public static final class Builder {
    private ModelRegistry registry;
    private Store store;
    private ServeMetrics metrics;
    private Duration poll = Duration.ofSeconds(5);
    private BundleLoader bundles = Predictor::load;
    private Consumer<String> log = System.err::println;
    private Consumer<Loaded> onReady;
    private BiConsumer<ModelSource, RuntimeException> onFirstFailure;
    private final List<ModelSource> sources = new ArrayList<>();

    private Builder() {}

    /** The registry the models are published in (required). */
    public Builder registry(ModelRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The store registry references are resolved in (required when there are any). */
    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    /** Where loads and refused versions are counted; default nowhere. */
    public Builder metrics(ServeMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /** How often followed references are checked; default 5 s. */
    public Builder pollInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive but was " + interval);
      }
      this.poll = interval;
      return this;
    }

    /** How a bundle becomes a predictor; default {@link Predictor#load(Path)}. */
    public Builder bundleLoader(BundleLoader loader) {
      this.bundles = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Where warnings go (a refused version, a failed check), one line each; default stderr. */
    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Told on the loader's thread each time a version is put into service. */
    public Builder onReady(Consumer<Loaded> listener) {
      this.onReady = listener;
      return this;
    }

    /**
     * Told when a model's first load fails (the name is then no longer served); default: the
     * failure is logged.
     */
    public Builder onFirstFailure(BiConsumer<ModelSource, RuntimeException> listener) {
      this.onFirstFailure = listener;
      return this;
    }

    /** Adds a model to serve; the first one added is the default of {@code /invocations}. */
    public Builder source(ModelSource source) {
      sources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Checks the sources: at least one; each name served by one plain source, with any variants and
     * shadows of its own name beside it (their shares at most the whole, each named once); a store
     * for registry references.
     */
    public ModelLoader build() {
      Objects.requireNonNull(registry, "registry");
      if (sources.isEmpty()) {
        throw new UserException("No model to serve: give at least one model or bundle.");
      }
      Map<String, List<ModelSource>> byName = new java.util.LinkedHashMap<>();
      for (ModelSource s : sources) {
        byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        if (s.reference() != null && store == null) {
          throw new IllegalArgumentException(
              "model " + s.describe() + " is a registry reference but no store was given");
        }
      }
      for (Map.Entry<String, List<ModelSource>> e : byName.entrySet()) {
        checkArms(e.getKey(), e.getValue());
      }
      return new ModelLoader(this);
    }

    private static void checkArms(String name, List<ModelSource> arms) {
      ModelSource plain = null;
      Set<String> labels = new HashSet<>();
      int shares = 0;
      for (ModelSource s : arms) {
        if (!labels.add(s.describe())) {
          throw new UserException(
              s.describe() + " is given twice for model '" + name + "'; give each source once.");
        }
        if (!s.routed()) {
          if (plain != null) {
            throw new UserException(
                "Two models would be served as '"
                    + name
                    + "' ("
                    + plain.describe()
                    + " and "
                    + s.describe()
                    + "); each served model needs its own name, or make one a variant"
                    + " (--variant) or a shadow (--shadow) of the other.");
          }
          plain = s;
        } else if (!s.shadow()) {
          shares += s.share();
        }
      }
      if (plain == null) {
        ModelSource first = arms.get(0);
        throw new UserException(
            (first.shadow() ? "The shadow " : "The variant ")
                + first.describe()
                + " has no model '"
                + name
                + "' to go beside: give the model its requests go to as well (--model "
                + name
                + "@ALIAS).");
      }
      if (shares > Traffic.WHOLE) {
        throw new UserException(
            "The variants of model '"
                + name
                + "' take "
                + Traffic.percent(shares)
                + "% of its requests; together they can take at most 100%.");
      }
    }
  }
}
