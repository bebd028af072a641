package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends each answered request of a name to its shadows ({@link Traffic}): a copy of the request is
 * read and scored by every shadow on a thread of its own, after the answer, and logged with the
 * answered request's prediction id and {@code "shadow": true}, so the shadow's predictions can be
 * compared with the answered ones and with the outcomes fed back later. A shadow never delays or
 * changes an answer: its queue is bounded ({@value #QUEUE} requests) and a copy that does not fit
 * is dropped; every copy is counted by outcome ({@code kiln_shadow_requests_total}).
 */
final class Shadows implements AutoCloseable {
  /** Requests that may wait for the shadows' thread. */
  static final int QUEUE = 1024;

  /** Reads a request's copy for one model: the protocol's own parser. */
  @FunctionalInterface
  interface Reader {
    Batch read(ServedModel model, Request copy) throws IOException;
  }

  private final Scorer scorer;
  private final ServeMetrics metrics;
  private final ThreadPoolExecutor thread;

  Shadows(Scorer scorer, ServeMetrics metrics) {
    this.scorer = scorer;
    this.metrics = metrics;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "kiln-shadows");
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Copies {@code request} (answered with prediction id {@code id}) to the shadows of {@code name}
   * when it has any; returns at once.
   */
  void mirror(ModelRegistry registry, String name, Request request, String id, Reader reader) {
    ServedModel[] shadows = registry.shadows(name);
    if (shadows.length == 0) {
      return;
    }
    Request copy = copy(request);
    for (ServedModel shadow : shadows) {
      try {
        thread.execute(() -> score(shadow, copy, id, reader));
      } catch (RejectedExecutionException full) {
        metrics.shadow(shadow, "dropped");
      }
    }
  }

  private void score(ServedModel shadow, Request copy, String id, Reader reader) {
    if (!shadow.acquire()) {
      metrics.shadow(shadow, "dropped"); // swapped out since
      return;
    }
    try {
      long start = System.nanoTime();
      scorer.shadow(reader.read(shadow, copy), id, start);
      metrics.shadow(shadow, "answered");
    } catch (HttpError | UserException | IOException e) {
      metrics.shadow(shadow, "failed");
    } catch (RuntimeException e) {
      metrics.shadow(shadow, "failed");
      System.err.println("kiln serve: shadow " + shadow + " failed on request " + id + ": " + e);
    } finally {
      shadow.release();
    }
  }

  /** The request as the shadow's reader needs it: its target, body and content headers. */
  private static Request copy(Request request) {
    Map<String, String> headers = new HashMap<>();
    for (String h : new String[] {"Content-Type", BinaryTensors.HEADER}) {
      String value = request.header(h);
      if (value != null) {
        headers.put(h, value);
      }
    }
    return Request.of(request.method(), request.uri(), headers, request.body());
  }

  /** Scores what is queued (for up to 10 s), then stops; copies still coming are dropped. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
