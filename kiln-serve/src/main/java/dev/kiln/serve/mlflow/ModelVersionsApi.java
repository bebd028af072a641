package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.NewModelVersion;
import dev.kiln.store.Page;
import dev.kiln.store.PageToken;
import dev.kiln.store.RegisteredModel;
import dev.kiln.store.RegistryStore;
import dev.kiln.store.StoreException;
import dev.kiln.store.Tag;
import java.util.ArrayList;
import java.util.List;

/** MLflow's {@code /mlflow/model-versions/*} endpoints over the registry. */
final class ModelVersionsApi {
  /** MLflow's default and largest page of a model-version search. */
  static final int DEFAULT_MAX_RESULTS = 10_000;

  static final int MAX_RESULTS = 200_000;

  private final RegistryStore registry;

  ModelVersionsApi(RegistryStore registry) {
    this.registry = registry;
  }

  void addTo(Endpoints e) {
    e.post("/model-versions/create", this::create);
    e.get("/model-versions/get", this::get);
    e.patch("/model-versions/update", this::update);
    e.delete("/model-versions/delete", this::delete);
    e.get("/model-versions/search", this::search);
    e.post("/model-versions/set-tag", this::setTag);
    e.delete("/model-versions/delete-tag", this::deleteTag);
    e.get("/model-versions/get-download-uri", this::downloadUri);
  }

  /** A model version number from its wire form, a decimal string. */
  static int version(String text) {
    try {
      int v = Integer.parseInt(text.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the error below
    }
    throw new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid value '" + text + "' for parameter 'version': expected a version number 1, 2, ….");
  }

  /** The {@code version} field: a string as MLflow sends it, or a number. */
  private static int version(Fields f) {
    if (!f.has("version")) {
      throw f.missing("version");
    }
    String text;
    try {
      text = f.string("version");
    } catch (HttpError aNumber) {
      text = String.valueOf(f.int64("version"));
    }
    return version(text);
  }

  private Response create(Request request) {
    Fields f = Fields.of(request);
    String runId = f.string("run_id");
    NewModelVersion spec =
        new NewModelVersion(
            f.nonEmpty("name"),
            f.nonEmpty("source"),
            runId == null || runId.isEmpty() ? null : runId,
            null,
            f.string("description"),
            f.tags("tags"));
    return version(registry.createModelVersion(spec, RegisteredModelsApi.change(request)));
  }

  private Response get(Request request) {
    Fields f = Fields.of(request);
    return version(registry.getModelVersion(f.nonEmpty("name"), version(f)));
  }

  private Response update(Request request) {
    Fields f = Fields.of(request);
    return version(
        registry.updateModelVersion(
            f.nonEmpty("name"),
            version(f),
            f.string("description"),
            RegisteredModelsApi.change(request)));
  }

  private Response delete(Request request) {
    Fields f = Fields.of(request);
    registry.deleteModelVersion(
        f.nonEmpty("name"), version(f), RegisteredModelsApi.change(request));
    return Wire.empty();
  }

  private Response setTag(Request request) {
    Fields f = Fields.of(request);
    registry.setModelVersionTag(
        f.nonEmpty("name"),
        version(f),
        new Tag(f.nonEmpty("key"), f.required("value")),
        RegisteredModelsApi.change(request));
    return Wire.empty();
  }

  private Response deleteTag(Request request) {
    Fields f = Fields.of(request);
    registry.deleteModelVersionTag(
        f.nonEmpty("name"), version(f), f.nonEmpty("key"), RegisteredModelsApi.change(request));
    return Wire.empty();
  }

  private Response downloadUri(Request request) {
    Fields f = Fields.of(request);
    ModelVersion v = registry.getModelVersion(f.nonEmpty("name"), version(f));
    ObjectNode out = Wire.object();
    out.put("artifact_uri", v.source() == null ? "" : v.source());
    return Wire.ok(out);
  }

  /**
   * Versions by MLflow's filter ({@link ModelVersionFilter}), ordered and paged here: a filter on
   * {@code name = '…'} or {@code run_id} reads only those versions, any other reads every model's.
   */
  private Response search(Request request) {
    Fields f = Fields.of(request);
    ModelVersionFilter filter = ModelVersionFilter.parse(f.string("filter"));
    ModelVersionFilter.Order order = ModelVersionFilter.Order.parse(f.strings("order_by"));
    int max = f.int32("max_results", DEFAULT_MAX_RESULTS, 1, MAX_RESULTS);
    int offset = PageToken.offset(f.string("page_token"));
    List<ModelVersion> found = new ArrayList<>();
    for (ModelVersion v : candidates(filter)) {
      if (filter.test(v)) {
        found.add(v);
      }
    }
    found.sort(order);
    int end = (int) Math.min(found.size(), (long) offset + max);
    ObjectNode out = Wire.object();
    if (offset < end) {
      ArrayNode list = out.putArray("model_versions");
      found.subList(offset, end).forEach(v -> list.add(Wire.modelVersion(v)));
    }
    if (end < found.size()) {
      out.put("next_page_token", PageToken.of(end));
    }
    return Wire.ok(out);
  }

  private List<ModelVersion> candidates(ModelVersionFilter filter) {
    if (filter.exactName() != null) {
      try {
        return registry.modelVersions(filter.exactName());
      } catch (StoreException noSuchModel) {
        return List.of();
      }
    }
    if (filter.runIds() != null) {
      List<ModelVersion> out = new ArrayList<>();
      for (String run : filter.runIds()) {
        out.addAll(registry.modelVersionsOfRun(run));
      }
      return out;
    }
    List<ModelVersion> out = new ArrayList<>();
    String token = null;
    do {
      Page<RegisteredModel> page =
          registry.searchRegisteredModels(null, RegisteredModelsApi.MAX_RESULTS, token);
      for (RegisteredModel m : page.items()) {
        out.addAll(registry.modelVersions(m.name()));
      }
      token = page.nextPageToken();
    } while (token != null);
    return out;
  }

  private static Response version(ModelVersion v) {
    ObjectNode out = Wire.object();
    out.set("model_version", Wire.modelVersion(v));
    return Wire.ok(out);
  }
}
