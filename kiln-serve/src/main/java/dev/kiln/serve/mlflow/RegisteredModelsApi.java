package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.Change;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Page;
import dev.kiln.store.RegisteredModel;
import dev.kiln.store.RegistryStore;
import dev.kiln.store.StoreException;
import dev.kiln.store.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's {@code /mlflow/registered-models/*} endpoints, aliases included, over the registry.
 * Every change is audited as made by the {@code X-Kiln-User} header's user (else {@code anonymous})
 * for the {@code X-Kiln-Reason} header's reason.
 */
final class RegisteredModelsApi {
  /** MLflow's default and largest page of a registered-model search. */
  static final int DEFAULT_MAX_RESULTS = 100;

  static final int MAX_RESULTS = 1000;

  /** MLflow's model stages; Kiln keeps every version in {@code None}. */
  private static final Set<String> STAGES = Set.of("none", "staging", "production", "archived");

  private final RegistryStore registry;

  RegisteredModelsApi(RegistryStore registry) {
    this.registry = registry;
  }

  void addTo(Endpoints e) {
    e.post("/registered-models/create", this::create);
    e.get("/registered-models/get", this::get);
    e.get("/registered-models/search", this::search);
    e.post("/registered-models/rename", this::rename);
    e.patch("/registered-models/update", this::update);
    e.delete("/registered-models/delete", this::delete);
    e.post("/registered-models/set-tag", this::setTag);
    e.delete("/registered-models/delete-tag", this::deleteTag);
    e.post("/registered-models/alias", this::setAlias);
    e.delete("/registered-models/alias", this::deleteAlias);
    e.get("/registered-models/alias", this::getByAlias);
    e.post("/registered-models/get-latest-versions", this::latestVersions);
    e.get("/registered-models/get-latest-versions", this::latestVersions);
  }

  /** Who makes a change and why, from the {@code X-Kiln-User} and {@code X-Kiln-Reason} headers. */
  static Change change(Request request) {
    String who = request.header("X-Kiln-User");
    Change change = Change.by(who == null || who.isBlank() ? "anonymous" : who.strip());
    String why = request.header("X-Kiln-Reason");
    return why == null || why.isBlank() ? change : change.because(why.strip());
  }

  private Response create(Request request) {
    Fields f = Fields.of(request);
    String name = f.nonEmpty("name");
    List<Tag> tags = f.tags("tags");
    Change change = change(request);
    registry.createRegisteredModel(name, f.string("description"), change);
    for (Tag t : tags) {
      registry.setRegisteredModelTag(name, t, change);
    }
    return model(registry.getRegisteredModel(name));
  }

  private Response get(Request request) {
    return model(registry.getRegisteredModel(Fields.of(request).nonEmpty("name")));
  }

  private Response rename(Request request) {
    Fields f = Fields.of(request);
    return model(
        registry.renameRegisteredModel(
            f.nonEmpty("name"), f.nonEmpty("new_name"), change(request)));
  }

  private Response update(Request request) {
    Fields f = Fields.of(request);
    return model(
        registry.updateRegisteredModel(
            f.nonEmpty("name"), f.string("description"), change(request)));
  }

  private Response delete(Request request) {
    registry.deleteRegisteredModel(Fields.of(request).nonEmpty("name"), change(request));
    return Wire.empty();
  }

  private Response setTag(Request request) {
    Fields f = Fields.of(request);
    registry.setRegisteredModelTag(
        f.nonEmpty("name"), new Tag(f.nonEmpty("key"), f.required("value")), change(request));
    return Wire.empty();
  }

  private Response deleteTag(Request request) {
    Fields f = Fields.of(request);
    registry.deleteRegisteredModelTag(f.nonEmpty("name"), f.nonEmpty("key"), change(request));
    return Wire.empty();
  }

  private Response setAlias(Request request) {
    Fields f = Fields.of(request);
    registry.setAlias(
        f.nonEmpty("name"),
        f.nonEmpty("alias"),
        ModelVersionsApi.version(f.nonEmpty("version")),
        change(request));
    return Wire.empty();
  }

  private Response deleteAlias(Request request) {
    Fields f = Fields.of(request);
    registry.deleteAlias(f.nonEmpty("name"), f.nonEmpty("alias"), change(request));
    return Wire.empty();
  }

  private Response getByAlias(Request request) {
    Fields f = Fields.of(request);
    ModelVersion v = registry.getModelVersionByAlias(f.nonEmpty("name"), f.nonEmpty("alias"));
    ObjectNode out = Wire.object();
    out.set("model_version", Wire.modelVersion(v));
    return Wire.ok(out);
  }

  private Response search(Request request) {
    Fields f = Fields.of(request);
    for (String order : f.strings("order_by")) {
      String o = order.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (!o.equals("name") && !o.equals("name asc")) {
        throw new HttpError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Invalid order_by clause '"
                + order
                + "': Kiln orders registered models by 'name ASC' only.");
      }
    }
    Page<RegisteredModel> page =
        registry.searchRegisteredModels(
            f.string("filter"),
            f.int32("max_results", DEFAULT_MAX_RESULTS, 1, MAX_RESULTS),
            f.string("page_token"));
    ObjectNode out = Wire.object();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("registered_models");
      page.items().forEach(m -> list.add(Wire.registeredModel(m, latest(m))));
    }
    Wire.putPageToken(out, page.nextPageToken());
    return Wire.ok(out);
  }

  /**
   * MLflow answers the latest version of each stage asked for (all stages when none is named). Kiln
   * has no stages: every version is in {@code None}, so the answer is the newest version when
   * {@code None} is asked for or no stage is, else nothing.
   */
  private Response latestVersions(Request request) {
    Fields f = Fields.of(request);
    String name = f.nonEmpty("name");
    List<String> stages = f.strings("stages");
    boolean none = stages.isEmpty();
    for (String stage : stages) {
      String s = stage.toLowerCase(Locale.ROOT);
      if (!STAGES.contains(s)) {
        throw new HttpError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Invalid Model Version stage: "
                + stage
                + ". Value must be one of None, Staging, Production, Archived.");
      }
      none |= s.equals("none");
    }
    RegisteredModel model = registry.getRegisteredModel(name);
    ObjectNode out = Wire.object();
    List<ModelVersion> latest = none ? latest(model) : List.of();
    if (!latest.isEmpty()) {
      ArrayNode list = out.putArray("model_versions");
      latest.forEach(v -> list.add(Wire.modelVersion(v)));
    }
    return Wire.ok(out);
  }

  private Response model(RegisteredModel m) {
    ObjectNode out = Wire.object();
    out.set("registered_model", Wire.registeredModel(m, latest(m)));
    return Wire.ok(out);
  }

  /** The model's newest version (MLflow's latest version of stage {@code None}), if any. */
  private List<ModelVersion> latest(RegisteredModel m) {
    if (m.latestVersion() <= 0) {
      return List.of();
    }
    try {
      return List.of(registry.getModelVersion(m.name(), m.latestVersion()));
    } catch (StoreException deletedMeanwhile) {
      List<ModelVersion> all = registry.modelVersions(m.name());
      return all.isEmpty() ? List.of() : List.of(all.get(0));
    }
  }
}
