package dev.kiln.cli;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.bundle.Bundle;
import dev.kiln.serve.model.ModelLoader;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ModelSource;
import dev.kiln.serve.model.ServedModel;
import dev.kiln.store.ModelRef;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Store;
import dev.kiln.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code kiln serve} and {@code kiln server --model} share: turning the command line's models
 * into {@link ModelSource}s (checked before the port opens, so a wrong name is one line and no
 * server), and the line printed when a model version is ready.
 */
final class ModelServing {
  private ModelServing() {}

  /**
   * The sources, {@code --model}s first, then {@code --bundle}s (the i-th {@code --name} names the
   * i-th bundle; without one, the bundle's own name). Every registry reference is resolved now, so
   * an unknown model, alias or version fails before anything listens.
   */
  static List<ModelSource> sources(
      List<String> models, List<Path> bundles, List<String> names, Store store) {
    return sources(models, List.of(), List.of(), bundles, names, store);
  }

  /**
   * {@link #sources(List, List, List, Store)} with {@code --variant REF=PERCENT}s and {@code
   * --shadow REF}s, each beside the {@code --model} of its registered name, after the {@code
   * --model}s.
   */
  static List<ModelSource> sources(
      List<String> models,
      List<String> variants,
      List<String> shadows,
      List<Path> bundles,
      List<String> names,
      Store store) {
    if (names.size() > bundles.size()) {
      throw new UserException(
          "--name was given "
              + times(names.size())
              + " but --bundle "
              + times(bundles.size())
              + "; each --name names the --bundle in the same position (a --model is"
              + " served under its registered name).");
    }
    List<ModelSource> sources = new ArrayList<>();
    for (String text : models) {
      sources.add(registered("--model", text, store));
    }
    for (String text : variants) {
      int eq = text.lastIndexOf('=');
      if (eq < 0) {
        throw new UserException(
            "--variant "
                + text
                + ": give the percent of the model's requests it answers, as --variant "
                + text
                + "=10.");
      }
      String ref = text.substring(0, eq);
      int share = basisPoints("--variant " + text, text.substring(eq + 1));
      sources.add(registered("--variant", ref, store).variant(share));
    }
    for (String text : shadows) {
      sources.add(registered("--shadow", text, store).asShadow());
    }
    for (int i = 0; i < bundles.size(); i++) {
      Path bundle = bundles.get(i);
      if (!Files.exists(bundle)) {
        throw new UserException("model bundle not found: " + bundle);
      }
      String name = i < names.size() ? names.get(i) : nameOf(bundle);
      sources.add(ModelSource.bundle(name, bundle));
    }
    return sources;
  }

  /** A registry reference given as {@code option text}, resolved now (it must have a bundle). */
  private static ModelSource registered(String option, String text, Store store) {
    ModelRef ref = ModelRef.parse(text);
    ModelVersion v;
    try {
      v = ref.resolve(store.registry());
    } catch (StoreException e) {
      String message =
          e.getMessage().endsWith(".")
              ? e.getMessage().substring(0, e.getMessage().length() - 1)
              : e.getMessage();
      throw new UserException(
          option + " " + text + ": " + message + " in store " + store.url() + ".", e);
    }
    if (v.bundleDigest() == null) {
      throw new UserException(
          option
              + " "
              + text
              + " names version "
              + v.version()
              + ", which has no Kiln bundle (it was registered by an MLflow client without"
              + " one); register a bundle with 'kiln models register'.");
    }
    return ModelSource.registered(ref);
  }

  /** A percent 0..100 in steps of 0.01, as basis points ({@link ModelSource#basisPoints}). */
  private static int basisPoints(String what, String text) {
    try {
      return ModelSource.basisPoints(new java.math.BigDecimal(text.strip()));
    } catch (IllegalArgumentException | ArithmeticException e) { // NumberFormatException too
      throw new UserException(
          what
              + ": the percent must be a number from 0 to 100 in steps of 0.01 but was '"
              + text
              + "'.");
    }
  }

  private static String times(int n) {
    return n == 1 ? "1 time" : n + " times";
  }

  /** The bundle's own name, from its (verified) manifest. */
  private static String nameOf(Path bundle) {
    try (Bundle b = Bundle.open(bundle)) {
      return b.manifest().name();
    }
  }

  /** The one line a command exits with when a model's first load failed. */
  static RuntimeException firstLoadFailed(ModelSource source, RuntimeException e) {
    String message =
        "model '"
            + source.name()
            + "' ("
            + source.describe()
            + ") could not be loaded: "
            + e.getMessage();
    return e instanceof UserException
        ? new UserException(message, e)
        : new SystemException(message, e);
  }

  /** {@code --poll-seconds} as a duration, checked. */
  static Duration pollInterval(double seconds) {
    if (!(seconds >= 0.01 && seconds <= 86_400)) {
      throw new UserException("--poll-seconds must be 0.01..86400 but was " + seconds);
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /**
   * The line a ready model version prints: {@code model 'fraud' version 3 (lightgbm4j, binary) from
   * fraud@champion ready in 1.20 s (loaded 0.61 s, warmed 0.42 s)}; {@code sinceStart} is the
   * command's time so far for a first load (NaN: the version's own load and warm-up).
   */
  static String readyLine(ModelLoader.Loaded loaded, double sinceStart) {
    ServedModel m = loaded.model();
    String line =
        String.format(
            "model '%s' version %s (%s, %s) from %s ready in %.2f s (loaded %.2f s, warmed %.2f s)",
            m.name(),
            m.version(),
            m.predictor().manifest().learner().library(),
            m.task(),
            loaded.source().describe(),
            Double.isNaN(sinceStart) ? loaded.totalSeconds() : sinceStart,
            loaded.loadSeconds(),
            loaded.warmSeconds());
    ModelSource source = loaded.source();
    if (source.shadow()) {
      line += " as a shadow";
    } else if (source.routed()) {
      line += " as a variant answering " + source.percent() + "% of requests";
    }
    return loaded.previousVersion() == null
        ? line
        : line + "; replaced version " + loaded.previousVersion();
  }

  /**
   * Registers a shutdown hook (Ctrl-C, SIGTERM) that counts down {@code stop} and waits for {@code
   * stopped}, so the command finishes requests in flight and writes its logs before the JVM exits.
   * Returns the hook, for the command to remove when it stops on its own.
   */
  static Thread stopOnShutdown(
      java.util.concurrent.CountDownLatch stop,
      java.util.concurrent.CountDownLatch stopped,
      String name) {
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /**
   * The model service of {@code kiln serve} and {@code kiln server}: logging under {@code logDir}.
   */
  static ModelService service(ModelRegistry registry, Path logDir) {
    String version = KilnCommand.class.getPackage().getImplementationVersion();
    return ModelService.builder()
        .registry(registry)
        .logDir(logDir)
        .version(version == null ? "dev" : version)
        .build();
  }

  /**
   * Finishes {@code loading} for {@code service}: load messages on {@code err} and ready lines on
   * {@code out} (prefixed {@code "kiln serve: "} or {@code "kiln server: "}); a first load that
   * fails is kept in {@code failed} and counts {@code stop} down; once all {@code models} are ready
   * the first time, {@code allReady} runs. {@code start} is the command's start ({@link
   * System#nanoTime}), for the ready line's timing.
   */
  static ModelLoader loader(
      ModelLoader.Builder loading,
      ModelService service,
      int models,
      String prefix,
      PrintWriter out,
      PrintWriter err,
      long start,
      AtomicReference<RuntimeException> failed,
      CountDownLatch stop,
      Runnable allReady) {
    AtomicInteger pending = new AtomicInteger(models);
    return loading
        .registry(service.registry())
        .metrics(service.metrics())
        .log(line -> println(err, prefix + line))
        .onFirstFailure(
            (source, e) -> {
              failed.compareAndSet(null, firstLoadFailed(source, e));
              stop.countDown();
            })
        .onReady(
            loaded -> {
              boolean first = loaded.previousVersion() == null;
              double since = first ? (System.nanoTime() - start) / 1e9 : Double.NaN;
              println(out, prefix + readyLine(loaded, since));
              if (first && pending.decrementAndGet() == 0) {
                allReady.run();
                // The JVM's figures for /metrics, left out of the start (docs/serving.md).
                service.metrics().bindJvm();
              }
            })
        .build();
  }

  /** One line, whole, though several threads print (load messages, ready lines). */
  static void println(PrintWriter w, String line) {
    synchronized (w) {
      w.println(line);
      w.flush();
    }
  }
}
