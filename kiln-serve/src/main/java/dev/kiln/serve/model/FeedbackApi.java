package dev.kiln.serve.model;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/feedback}: attaches true outcomes to earlier predictions ({@link
 * FeedbackRequest}), written to the {@link FeedbackLog} before the answer {@code {"accepted": n}}.
 * It runs on the worker pool, since it waits for the disk.
 */
final class FeedbackApi {
  private static final System.Logger LOG = System.getLogger("dev.kiln.serve.model");

  private final FeedbackRequest reader;
  private final FeedbackLog log;
  private final Scorer scorer;
  private final ServeMetrics metrics;

  /** Feedback for {@code scorer}'s predictions, logged under {@code dir} (none: not stored). */
  FeedbackApi(ModelRegistry registry, Scorer scorer, ServeMetrics metrics, Path dir) {
    this.reader = new FeedbackRequest(registry, scorer.ids());
    this.log = dir == null ? null : new FeedbackLog(dir, scorer.ids().instance());
    this.scorer = scorer;
    this.metrics = metrics;
  }

  void addTo(Routes.Builder routes) {
    routes.add(Route.post("/v1/feedback", Metered.of(metrics, "feedback", this::feedback)));
  }

  private Response feedback(Request request, Metered.Call call) {
    List<FeedbackRequest.Item> items = reader.read(request.json());
    if (log == null) {
      throw new HttpError(
          ErrorCode.NOT_IMPLEMENTED,
          "This server keeps no prediction log (it was started without a log folder), so it does"
              + " not store feedback.");
    }
    try {
      log.write(items, scorer.clock().instant());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "feedback: cannot write to " + log.root(), e);
      throw new HttpError(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The feedback could not be written (the server log says why); nothing was stored,"
              + " send it again.",
          Map.of("Retry-After", "1"));
    }
    for (FeedbackRequest.Item item : items) {
      metrics.feedback(item.model());
    }
    return Response.json(Map.of("accepted", items.size()));
  }
}
