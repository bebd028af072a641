package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.Experiment;
import dev.kiln.store.Page;
import dev.kiln.store.Tag;
import dev.kiln.store.TrackingStore;
import dev.kiln.store.ViewType;
import java.util.LinkedHashMap;
import java.util.Map;

/** MLflow's {@code /mlflow/experiments/*} endpoints over the tracking store. */
final class ExperimentsApi {
  /** MLflow's default and largest page of a search ({@code SEARCH_MAX_RESULTS_*}). */
  static final int DEFAULT_MAX_RESULTS = 1000;

  static final int MAX_RESULTS = 50_000;

  private final TrackingStore tracking;

  ExperimentsApi(TrackingStore tracking) {
    this.tracking = tracking;
  }

  void addTo(Endpoints e) {
    e.post("/experiments/create", this::create);
    e.get("/experiments/get", this::get);
    e.get("/experiments/get-by-name", this::getByName);
    e.post("/experiments/search", this::search);
    e.get("/experiments/search", this::search);
    e.post("/experiments/update", this::update);
    e.post("/experiments/delete", this::delete);
    e.post("/experiments/restore", this::restore);
    e.post("/experiments/set-experiment-tag", this::setTag);
  }

  private Response create(Request request) {
    Fields f = Fields.of(request);
    String name = f.nonEmpty("name");
    String location = f.string("artifact_location");
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : f.tags("tags")) {
      tags.put(t.key(), t.value());
    }
    String id =
        tracking.createExperiment(
            name, location == null || location.isEmpty() ? null : location, tags);
    ObjectNode out = Wire.object();
    out.put("experiment_id", id);
    return Wire.ok(out);
  }

  private Response get(Request request) {
    Fields f = Fields.of(request);
    return experiment(tracking.getExperiment(f.nonEmpty("experiment_id")));
  }

  private Response getByName(Request request) {
    Fields f = Fields.of(request);
    return experiment(tracking.getExperimentByName(f.nonEmpty("experiment_name")));
  }

  private static Response experiment(Experiment e) {
    ObjectNode out = Wire.object();
    out.set("experiment", Wire.experiment(e));
    return Wire.ok(out);
  }

  private Response search(Request request) {
    Fields f = Fields.of(request);
    Page<Experiment> page =
        tracking.searchExperiments(
            f.string("filter"),
            viewType(f, "view_type"),
            f.strings("order_by"),
            f.int32("max_results", DEFAULT_MAX_RESULTS, 1, MAX_RESULTS),
            f.string("page_token"));
    ObjectNode out = Wire.object();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("experiments");
      page.items().forEach(x -> list.add(Wire.experiment(x)));
    }
    Wire.putPageToken(out, page.nextPageToken());
    return Wire.ok(out);
  }

  private Response update(Request request) {
    Fields f = Fields.of(request);
    String id = f.nonEmpty("experiment_id");
    String newName = f.string("new_name");
    if (newName != null) {
      tracking.renameExperiment(id, newName);
    } else {
      tracking.getExperiment(id);
    }
    return Wire.empty();
  }

  private Response delete(Request request) {
    tracking.deleteExperiment(Fields.of(request).nonEmpty("experiment_id"));
    return Wire.empty();
  }

  private Response restore(Request request) {
    tracking.restoreExperiment(Fields.of(request).nonEmpty("experiment_id"));
    return Wire.empty();
  }

  private Response setTag(Request request) {
    Fields f = Fields.of(request);
    Tag tag = new Tag(f.nonEmpty("key"), f.required("value"));
    tracking.setExperimentTag(f.nonEmpty("experiment_id"), tag.key(), tag.value());
    return Wire.empty();
  }

  /**
   * MLflow's {@code ViewType}: a name ({@code ACTIVE_ONLY}, {@code DELETED_ONLY}, {@code ALL}) or
   * its number (1, 2, 3); {@code ACTIVE_ONLY} when absent.
   */
  static ViewType viewType(Fields f, String field) {
    String s = f.has(field) ? textOf(f, field) : null;
    if (s == null || s.isEmpty()) {
      return ViewType.ACTIVE_ONLY;
    }
    switch (s) {
      case "ACTIVE_ONLY":
      case "1":
        return ViewType.ACTIVE_ONLY;
      case "DELETED_ONLY":
      case "2":
        return ViewType.DELETED_ONLY;
      case "ALL":
      case "3":
        return ViewType.ALL;
      default:
        throw new HttpError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Invalid value '"
                + s
                + "' for parameter '"
                + field
                + "' supplied: expected ACTIVE_ONLY, DELETED_ONLY or ALL.");
    }
  }

  private static String textOf(Fields f, String field) {
    try {
      return f.string(field);
    } catch (HttpError notText) {
      return String.valueOf(f.int64(field));
    }
  }
}
