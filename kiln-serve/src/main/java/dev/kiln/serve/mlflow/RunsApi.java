package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.Dataset;
import dev.kiln.store.DatasetInput;
import dev.kiln.store.Metric;
import dev.kiln.store.NewRun;
import dev.kiln.store.Page;
import dev.kiln.store.Param;
import dev.kiln.store.Run;
import dev.kiln.store.RunInfo;
import dev.kiln.store.RunSearch;
import dev.kiln.store.RunStatus;
import dev.kiln.store.Tag;
import dev.kiln.store.TrackingStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MLflow's {@code /mlflow/runs/*} endpoints over the tracking store. */
final class RunsApi {
  /** MLflow's limits on one {@code log-batch} request ({@code mlflow/utils/validation.py}). */
  static final int MAX_METRICS_PER_BATCH = 1000;

  static final int MAX_PARAMS_PER_BATCH = 100;
  static final int MAX_TAGS_PER_BATCH = 100;
  static final int MAX_ENTITIES_PER_BATCH = 1000;

  private final TrackingStore tracking;

  RunsApi(TrackingStore tracking) {
    this.tracking = tracking;
  }

  void addTo(Endpoints e) {
    e.post("/runs/create", this::create);
    e.get("/runs/get", this::get);
    e.post("/runs/update", this::update);
    e.post("/runs/delete", this::delete);
    e.post("/runs/restore", this::restore);
    e.post("/runs/search", this::search);
    e.post("/runs/log-metric", this::logMetric);
    e.post("/runs/log-parameter", this::logParam);
    e.post("/runs/set-tag", this::setTag);
    e.post("/runs/delete-tag", this::deleteTag);
    e.post("/runs/log-batch", this::logBatch);
    e.post("/runs/log-inputs", this::logInputs);
  }

  private Response create(Request request) {
    Fields f = Fields.of(request);
    String experiment = f.string("experiment_id");
    NewRun spec = NewRun.in(experiment == null || experiment.isEmpty() ? "0" : experiment);
    String name = f.string("run_name");
    if (name != null && !name.isEmpty()) {
      spec = spec.named(name);
    }
    String user = f.string("user_id");
    if (user != null && !user.isEmpty()) {
      spec = spec.by(user);
    }
    Long start = f.int64("start_time");
    if (start != null) {
      spec = spec.startedAt(start);
    }
    for (Tag t : f.tags("tags")) {
      spec = spec.tag(t.key(), t.value());
    }
    return run(tracking.createRun(spec));
  }

  private Response get(Request request) {
    return run(tracking.getRun(Fields.of(request).runId()));
  }

  private static Response run(Run run) {
    ObjectNode out = Wire.object();
    out.set("run", Wire.run(run));
    return Wire.ok(out);
  }

  private Response update(Request request) {
    Fields f = Fields.of(request);
    String id = f.runId();
    String status = f.string("status");
    String name = f.string("run_name");
    RunInfo info =
        tracking.updateRun(
            id,
            status == null || status.isEmpty() ? null : RunStatus.parse(status),
            f.int64("end_time"),
            name == null || name.isEmpty() ? null : name);
    ObjectNode out = Wire.object();
    out.set("run_info", Wire.runInfo(info));
    return Wire.ok(out);
  }

  private Response delete(Request request) {
    tracking.deleteRun(Fields.of(request).runId());
    return Wire.empty();
  }

  private Response restore(Request request) {
    tracking.restoreRun(Fields.of(request).runId());
    return Wire.empty();
  }

  private Response search(Request request) {
    Fields f = Fields.of(request);
    RunSearch search =
        new RunSearch(
            f.strings("experiment_ids"),
            f.string("filter"),
            ExperimentsApi.viewType(f, "run_view_type"),
            f.strings("order_by"),
            f.int32(
                "max_results", ExperimentsApi.DEFAULT_MAX_RESULTS, 1, ExperimentsApi.MAX_RESULTS),
            f.string("page_token"));
    Page<Run> page = tracking.searchRuns(search);
    ObjectNode out = Wire.object();
    if (!page.items().isEmpty()) {
      ArrayNode runs = out.putArray("runs");
      page.items().forEach(r -> runs.add(Wire.run(r)));
    }
    Wire.putPageToken(out, page.nextPageToken());
    return Wire.ok(out);
  }

  private Response logMetric(Request request) {
    Fields f = Fields.of(request);
    tracking.logMetric(f.runId(), metric(f));
    return Wire.empty();
  }

  private static Metric metric(Fields f) {
    return new Metric(
        f.nonEmpty("key"),
        f.requiredDouble("value"),
        f.requiredInt64("timestamp"),
        f.int64("step", 0));
  }

  private Response logParam(Request request) {
    Fields f = Fields.of(request);
    tracking.logParam(f.runId(), new Param(f.nonEmpty("key"), f.required("value")));
    return Wire.empty();
  }

  private Response setTag(Request request) {
    Fields f = Fields.of(request);
    tracking.setTag(f.runId(), new Tag(f.nonEmpty("key"), f.required("value")));
    return Wire.empty();
  }

  private Response deleteTag(Request request) {
    Fields f = Fields.of(request);
    tracking.deleteTag(f.runId(), f.nonEmpty("key"));
    return Wire.empty();
  }

  private Response logBatch(Request request) {
    Fields f = Fields.of(request);
    String runId = f.runId();
    int metrics = f.count("metrics");
    int params = f.count("params");
    int tags = f.count("tags");
    limit("metrics", metrics, MAX_METRICS_PER_BATCH);
    limit("params", params, MAX_PARAMS_PER_BATCH);
    limit("tags", tags, MAX_TAGS_PER_BATCH);
    if (metrics + params + tags > MAX_ENTITIES_PER_BATCH) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          String.format(
              "A batch logging request can contain at most %d metrics, params and tags in all but"
                  + " this one has %d (%d metrics, %d params, %d tags). Split it across requests.",
              MAX_ENTITIES_PER_BATCH, metrics + params + tags, metrics, params, tags));
    }
    List<Metric> metricList = new ArrayList<>(metrics);
    for (Fields m : f.objects("metrics")) {
      metricList.add(metric(m));
    }
    List<Param> paramList = new ArrayList<>(params);
    for (Fields p : f.objects("params")) {
      paramList.add(new Param(p.nonEmpty("key"), p.required("value")));
    }
    tracking.logBatch(runId, metricList, paramList, f.tags("tags"));
    return Wire.empty();
  }

  private static void limit(String what, int count, int max) {
    if (count > max) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          String.format(
              "A batch logging request can contain at most %d %s but this one has %d. Split"
                  + " the %s across requests.",
              max, what, count, what));
    }
  }

  private Response logInputs(Request request) {
    Fields f = Fields.of(request);
    String runId = f.runId();
    List<DatasetInput> inputs = new ArrayList<>();
    for (Fields in : f.objects("datasets")) {
      Fields d = in.object("dataset");
      Dataset dataset =
          new Dataset(
              d.nonEmpty("name"),
              d.nonEmpty("digest"),
              d.nonEmpty("source_type"),
              d.required("source"),
              d.string("schema"),
              d.string("profile"));
      Map<String, String> tags = new LinkedHashMap<>();
      for (Tag t : in.tags("tags")) {
        tags.put(t.key(), t.value());
      }
      inputs.add(new DatasetInput(dataset, tags));
    }
    tracking.logInputs(runId, inputs);
    return Wire.empty();
  }
}
