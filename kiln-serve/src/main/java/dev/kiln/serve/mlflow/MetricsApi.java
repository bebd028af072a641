package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.Metric;
import dev.kiln.store.PageToken;
import dev.kiln.store.TrackingStore;
import java.util.List;

/** MLflow's {@code /mlflow/metrics/get-history}: every value logged for one metric of a run. */
final class MetricsApi {
  private final TrackingStore tracking;

  MetricsApi(TrackingStore tracking) {
    this.tracking = tracking;
  }

  void addTo(Endpoints e) {
    e.get("/metrics/get-history", this::history);
  }

  /**
   * The history by step then timestamp; all of it unless {@code max_results} asks for pages (then
   * {@code next_page_token} leads to the next).
   */
  private Response history(Request request) {
    Fields f = Fields.of(request);
    String runId = f.runId();
    String key = f.nonEmpty("metric_key");
    int max = f.int32("max_results", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    int offset = PageToken.offset(f.string("page_token"));
    List<Metric> all = tracking.metricHistory(runId, key);
    int end = (int) Math.min(all.size(), (long) offset + max);
    ObjectNode out = Wire.object();
    if (offset < end) {
      ArrayNode metrics = out.putArray("metrics");
      for (Metric m : all.subList(offset, end)) {
        metrics.add(Wire.metric(m));
      }
    }
    if (end < all.size()) {
      out.put("next_page_token", PageToken.of(end));
    }
    return Wire.ok(out);
  }
}
