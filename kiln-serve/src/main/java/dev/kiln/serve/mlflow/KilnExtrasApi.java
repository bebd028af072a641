package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.AuditEntry;
import dev.kiln.store.DatasetInput;
import dev.kiln.store.Lineage;
import dev.kiln.store.RegistryStore;

/**
 * What Kiln records beyond MLflow's API, under {@code /api/kiln}: a registered model's audit trail
 * and a model version's lineage. Same request and error conventions as the MLflow endpoints.
 */
final class KilnExtrasApi {
  static final String PREFIX = "/api/kiln";

  private final RegistryStore registry;

  KilnExtrasApi(RegistryStore registry) {
    this.registry = registry;
  }

  void addTo(Endpoints kiln) {
    kiln.get("/registered-models/audit", this::audit);
    kiln.get("/model-versions/lineage", this::lineage);
  }

  /** Every change to the model, oldest first; also readable after the model was deleted. */
  private Response audit(Request request) {
    String name = Fields.of(request).nonEmpty("name");
    ObjectNode out = Wire.object();
    ArrayNode entries = out.putArray("entries");
    for (AuditEntry e : registry.audit(name)) {
      ObjectNode o = entries.addObject();
      o.put("id", e.id());
      o.put("timestamp", e.at());
      o.put("user_id", e.who());
      o.put("action", e.action());
      o.put("name", e.modelName());
      if (e.version() != null) {
        o.put("version", String.valueOf(e.version()));
      }
      if (e.detail() != null) {
        o.put("detail", e.detail());
      }
      if (e.why() != null) {
        o.put("reason", e.why());
      }
    }
    return Wire.ok(out);
  }

  /** The version, the run that made it, the datasets that run read and its code commit. */
  private Response lineage(Request request) {
    Fields f = Fields.of(request);
    String name = f.nonEmpty("name");
    int version = ModelVersionsApi.version(f.nonEmpty("version"));
    Lineage lineage = registry.lineage(name, version);
    ObjectNode out = Wire.object();
    out.set("model_version", Wire.modelVersion(lineage.version()));
    if (lineage.version().bundleDigest() != null) {
      out.put("bundle_digest", lineage.version().bundleDigest());
    }
    if (lineage.run() != null) {
      out.set("run", Wire.run(lineage.run()));
    }
    ArrayNode datasets = out.putArray("datasets");
    for (DatasetInput in : lineage.datasets()) {
      ObjectNode d = datasets.addObject();
      d.put("name", in.dataset().name());
      d.put("digest", in.dataset().digest());
      d.put("source_type", in.dataset().sourceType());
      d.put("source", in.dataset().source());
      String context = in.tags().get(DatasetInput.CONTEXT);
      if (context != null) {
        d.put("context", context);
      }
    }
    if (lineage.codeCommit() != null) {
      out.put("code_commit", lineage.codeCommit());
    }
    return Wire.ok(out);
  }
}
