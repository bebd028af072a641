package dev.kiln.core.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code kiln-model.json} holds: everything needed to predict and to know where the model came
 * from. The format is documented in docs/bundle.md.
 *
 * @param formatVersion the bundle format; a reader refuses versions newer than it knows
 * @param task binary, multiclass, regression or clustering
 * @param target the column the model predicts (absent for clustering)
 * @param classes a classifier's class labels in the order of its class indexes
 * @param signature the input columns the model takes
 * @param outputs the names of the values a prediction returns
 * @param pipeline the fitted feature pipeline, as its own JSON
 * @param files every other file of the bundle with its SHA-256 (hex), by file name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    int formatVersion,
    String name,
    String task,
    String target,
    List<String> classes,
    List<SignatureField> signature,
    List<String> outputs,
    JsonNode pipeline,
    LearnerInfo learner,
    JsonNode metrics,
    JsonNode referenceProfile,
    Provenance provenance,
    Map<String, String> files) {
  /** The newest format this Kiln writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public BundleManifest {
    classes = classes == null ? List.of() : List.copyOf(classes);
    signature = signature == null ? List.of() : List.copyOf(signature);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    files = files == null ? Map.of() : new TreeMap<>(files);
  }

  /** The same manifest listing these files and hashes. */
  public BundleManifest withFiles(Map<String, String> newFiles) {
    return new BundleManifest(
        formatVersion,
        name,
        task,
        target,
        classes,
        signature,
        outputs,
        pipeline,
        learner,
        metrics,
        referenceProfile,
        provenance,
        newFiles);
  }
}
