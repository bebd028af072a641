package dev.kiln.cli;

import dev.kiln.core.SystemException;
import dev.kiln.core.predict.Predictor;
import dev.kiln.serve.model.ModelLoader;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bundle loader for {@code kiln serve} that starts loading the first bundle at once, on a thread
 * of its own, while the command sets up the rest (prediction log, metrics, routes, port); the model
 * loader takes that predictor when it gets to the bundle. Any other bundle, and the first one asked
 * for again, load as usual.
 *
 * <p>Why: the model is the longest part of a server's start (read, verified, built, then warmed),
 * and on two cores the set-up of the rest can run beside it instead of before it.
 */
final class BundlePrefetch implements ModelLoader.BundleLoader, AutoCloseable {
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
