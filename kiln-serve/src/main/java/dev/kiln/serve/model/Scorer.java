package dev.kiln.serve.model;

import java.time.Clock;

/**
 * Predicts a request's rows and logs them: one row through the predictor's single-row path, more
 * through its batch path. Gives every request a prediction id, unique across server processes: a
 * random prefix drawn once per server and a counter.
 */
final class Scorer {
  /** A scored request. {@code outputs} holds {@code width} numbers per row, row-major. */
  record Scored(String id, ServedModel model, Batch batch, double[] outputs) {}

  private final PredictionLog log;
  private final ServeMetrics metrics;
  private final Clock clock;
  private final IssuedIds ids;

  Scorer(PredictionLog log, ServeMetrics metrics, Clock clock, String idPrefix) {
    this.log = log;
    this.metrics = metrics;
    this.clock = clock;
    this.ids = new IssuedIds(idPrefix);
  }

  /** The ids issued so far (for feedback). */
  IssuedIds ids() {
    return ids;
  }

  /** The clock that stamps predictions. */
  Clock clock() {
    return clock;
  }

  Scored score(Batch batch, long startNanos) {
    double[] out = predict(batch);
    String id = ids.next(batch.model(), batch.size());
    counted(batch, out, id, startNanos, false);
    return new Scored(id, batch.model(), batch, out);
  }

  /**
   * Predicts a copy of the request answered as {@code id} with a shadow model and logs it as the
   * shadow's ({@link Shadows}); nothing is answered, so no id is issued.
   */
  void shadow(Batch batch, String id, long startNanos) {
    counted(batch, predict(batch), id, startNanos, true);
  }

  /** Counts the rows predicted and logs them. */
  private void counted(Batch batch, double[] out, String id, long startNanos, boolean shadow) {
    metrics.rows(batch.model(), batch.size());
    if (log != null) {
      log.offer(
          new PredictionLog.Entry(
              id,
              clock.millis(),
              batch.model(),
              batch,
              out,
              System.nanoTime() - startNanos,
              shadow));
    }
  }

  private static double[] predict(Batch batch) {
    ServedModel model = batch.model();
    double[] out;
    if (batch.size() == 1) {
      out = new double[model.predictor().width()];
      if (!batch.predictUnboxed(0, out)) {
        model.predictor().predict(batch.row(0), out);
      }
    } else {
      out = model.predictor().predict(batch.toFrame());
    }
    return out;
  }
}
