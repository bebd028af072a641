package dev.kiln.cli;

import dev.kiln.core.SystemException;
import dev.kiln.core.predict.Predictor;
import dev.kiln.serve.model.ModelLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bundle loader for {@code kiln serve} that starts loading the first bundle at once, on a thread
 * of its own, while the command sets up the rest (prediction log, metrics, routes, port); the model
 * loader takes that predictor when it gets to the bundle. Any other bundle, and the first one asked
 * for again, load as usual.
 *
 * <p>Why: the model is the longest part of a server's start (read, verified, built, then warmed),
 * and on two cores the set-up of the rest can run beside it instead of before it.
 *
 * <p>{@link Main} starts it before picocli parses the command line ({@link #ahead}), from a plain
 * look at the words: picocli's parse of {@code kiln serve} takes about a quarter of a second, the
 * bundle's load about half a second, and they need not wait for each other. {@code kiln serve}
 * takes that load only if the parsed command line names the same first bundle ({@link #take});
 * otherwise it is closed and never seen.
 */
final class BundlePrefetch implements ModelLoader.BundleLoader, AutoCloseable {
  /** The load {@link #ahead} started, until {@link #take} or {@link #closeAhead}. */
  private static final AtomicReference<BundlePrefetch> AHEAD = new AtomicReference<>();

  private final Path first;
  private final FutureTask<Predictor> task;
  private final AtomicBoolean taken = new AtomicBoolean();

  private BundlePrefetch(Path first) {
    this.first = first;
    this.task = new FutureTask<>(() -> Predictor.load(first));
  }

  /** Starts loading {@code first}. */
  static BundlePrefetch start(Path first) {
    BundlePrefetch p = new BundlePrefetch(first);
    Thread t = new Thread(p.task, "kiln-bundle-prefetch");
    t.setDaemon(true);
    t.start();
    return p;
  }

  /**
   * Starts loading the bundle of {@code args} if they look like {@code kiln serve} whose first
   * model is a {@code --bundle}: the subcommand {@link Main#named} finds is {@code serve}, there is
   * no {@code --model}, and a {@code --bundle P} or {@code --bundle=P} follows. Anything else
   * starts nothing. Returns the load started, or null.
   */
  static BundlePrefetch ahead(String... args) {
    if (!"serve".equals(Main.named(args))) {
      return null;
    }
    Path bundle = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--model") || a.startsWith("--model=") || a.equals("--")) {
        return null;
      }
      String path = null;
      if (a.equals("--bundle") && i + 1 < args.length) {
        path = args[++i];
      } else if (a.startsWith("--bundle=")) {
        path = a.substring("--bundle=".length());
      }
      if (path != null && bundle == null) {
        try {
          bundle = Path.of(path);
        } catch (InvalidPathException e) {
          return null; // picocli will say so
        }
      }
    }
    if (bundle == null) {
      return null;
    }
    closeAhead(); // a previous in-process run's, not taken
    BundlePrefetch started = start(bundle);
    AHEAD.set(started);
    return started;
  }

  /**
   * The load of {@code first}: the one {@link #ahead} started when it is of the same path, else a
   * new one (a load ahead of another path is closed).
   */
  static BundlePrefetch take(Path first) {
    BundlePrefetch early = AHEAD.getAndSet(null);
    if (early != null) {
      if (early.first.equals(first)) {
        return early;
      }
      early.close();
    }
    return start(first);
  }

  /** Closes a load {@link #ahead} started that no command took (the command failed or differed). */
  static void closeAhead() {
    BundlePrefetch early = AHEAD.getAndSet(null);
    if (early != null) {
      early.close();
    }
  }

  @Override
  public Predictor load(Path bundle) {
    if (bundle.equals(first) && taken.compareAndSet(false, true)) {
      return result();
    }
    return Predictor.load(bundle);
  }

  /** The prefetched predictor, or the failure of its load, as {@link Predictor#load} throws it. */
  private Predictor result() {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("interrupted while loading " + first, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new SystemException("could not load " + first + ": " + cause, cause);
    }
  }

  /** Closes the prefetched predictor if no loader took it (the command failed before loading). */
  @Override
  public void close() {
    if (taken.compareAndSet(false, true)) {
      try {
        result().close();
      } catch (RuntimeException e) {
        // the load failed, and no one asked for it: nothing to close
      }
    }
  }
}
