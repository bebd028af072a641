package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.SystemException;
import dev.kiln.serve.Response;
import dev.kiln.store.DatasetInput;
import dev.kiln.store.Experiment;
import dev.kiln.store.Metric;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.RegisteredModel;
import dev.kiln.store.Run;
import dev.kiln.store.RunInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Store records written as MLflow's messages ({@code mlflow/protos/service.proto}, {@code
 * model_registry.proto}) in the JSON MLflow's server answers: snake_case field names, times as
 * epoch milliseconds (numbers), ids and model version numbers as strings, absent and empty fields
 * left out, NaN and ±Infinity as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}
 * (protobuf's JSON form, which MLflow's clients parse).
 */
final class Wire {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();
  private static final byte[] EMPTY = {'{', '}'};

  /** Kiln has no model stages; every version is in MLflow's stage {@code None}. */
  static final String NO_STAGE = "None";

  private Wire() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A 200 with this JSON object. */
  static Response ok(ObjectNode body) {
    try {
      return Response.json(200, WRITER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new SystemException("cannot write a response as JSON", e);
    }
  }

  /** A 200 with {@code {}}, MLflow's answer to a change that returns nothing. */
  static Response empty() {
    return Response.json(200, EMPTY);
  }

  static ObjectNode experiment(Experiment e) {
    ObjectNode o = object();
    o.put("experiment_id", e.id());
    o.put("name", e.name());
    o.put("artifact_location", artifactLocation(e));
    o.put("lifecycle_stage", e.lifecycleStage().wire());
    o.put("last_update_time", e.lastUpdateTime());
    o.put("creation_time", e.creationTime());
    putTags(o, "tags", e.tags());
    return o;
  }

  /** Where an experiment's runs keep their files: MLflow's proxied scheme unless set. */
  static String artifactLocation(Experiment e) {
    return e.artifactLocation() != null ? e.artifactLocation() : "mlflow-artifacts:/" + e.id();
  }

  static ObjectNode runInfo(RunInfo i) {
    ObjectNode o = object();
    o.put("run_id", i.runId());
    o.put("run_uuid", i.runId());
    o.put("run_name", i.runName());
    o.put("experiment_id", i.experimentId());
    if (i.userId() != null) {
      o.put("user_id", i.userId());
    }
    o.put("status", i.status().name());
    o.put("start_time", i.startTime());
    if (i.endTime() != null) {
      o.put("end_time", i.endTime());
    }
    o.put("artifact_uri", i.artifactUri());
    o.put("lifecycle_stage", i.lifecycleStage().wire());
    return o;
  }

  static ObjectNode run(Run r) {
    ObjectNode o = object();
    o.set("info", runInfo(r.info()));
    ObjectNode data = o.putObject("data");
    if (!r.metrics().isEmpty()) {
      ArrayNode metrics = data.putArray("metrics");
      new TreeMap<>(r.metrics()).values().forEach(m -> metrics.add(metric(m)));
    }
    putTags(data, "params", r.params());
    putTags(data, "tags", r.tags());
    ObjectNode inputs = o.putObject("inputs");
    if (!r.inputs().isEmpty()) {
      ArrayNode list = inputs.putArray("dataset_inputs");
      for (DatasetInput in : r.inputs()) {
        ObjectNode item = list.addObject();
        putTags(item, "tags", in.tags());
        ObjectNode d = item.putObject("dataset");
        d.put("name", in.dataset().name());
        d.put("digest", in.dataset().digest());
        d.put("source_type", in.dataset().sourceType());
        d.put("source", in.dataset().source());
        if (in.dataset().schema() != null) {
          d.put("schema", in.dataset().schema());
        }
        if (in.dataset().profile() != null) {
          d.put("profile", in.dataset().profile());
        }
      }
    }
    return o;
  }

  static ObjectNode metric(Metric m) {
    ObjectNode o = object();
    o.put("key", m.key());
    o.put("value", m.value());
    o.put("timestamp", m.timestamp());
    o.put("step", m.step());
    return o;
  }

  static ObjectNode registeredModel(RegisteredModel m, List<ModelVersion> latest) {
    ObjectNode o = object();
    o.put("name", m.name());
    o.put("creation_timestamp", m.creationTime());
    o.put("last_updated_timestamp", m.lastUpdatedTime());
    if (m.description() != null) {
      o.put("description", m.description());
    }
    if (!latest.isEmpty()) {
      ArrayNode versions = o.putArray("latest_versions");
      latest.forEach(v -> versions.add(modelVersion(v)));
    }
    putTags(o, "tags", m.tags());
    if (!m.aliases().isEmpty()) {
      ArrayNode aliases = o.putArray("aliases");
      new TreeMap<>(m.aliases())
          .forEach(
              (alias, version) -> {
                ObjectNode a = aliases.addObject();
                a.put("alias", alias);
                a.put("version", String.valueOf(version));
              });
    }
    return o;
  }

  static ObjectNode modelVersion(ModelVersion v) {
    ObjectNode o = object();
    o.put("name", v.name());
    o.put("version", String.valueOf(v.version()));
    o.put("creation_timestamp", v.creationTime());
    o.put("last_updated_timestamp", v.lastUpdatedTime());
    if (v.userId() != null) {
      o.put("user_id", v.userId());
    }
    o.put("current_stage", NO_STAGE);
    if (v.description() != null) {
      o.put("description", v.description());
    }
    if (v.source() != null) {
      o.put("source", v.source());
    }
    if (v.runId() != null) {
      o.put("run_id", v.runId());
    }
    o.put("status", v.status().name());
    putTags(o, "tags", v.tags());
    if (!v.aliases().isEmpty()) {
      ArrayNode aliases = o.putArray("aliases");
      v.aliases().stream().sorted().forEach(aliases::add);
    }
    return o;
  }

  /** A map as MLflow's repeated {@code {key, value}} messages, by key; left out when empty. */
  static void putTags(ObjectNode o, String field, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    ArrayNode list = o.putArray(field);
    new TreeMap<>(tags)
        .forEach(
            (k, v) -> {
              ObjectNode t = list.addObject();
              t.put("key", k);
              t.put("value", v);
            });
  }

  /** Puts {@code next_page_token} when there is a next page. */
  static void putPageToken(ObjectNode o, String token) {
    if (token != null) {
      o.put("next_page_token", token);
    }
  }
}
