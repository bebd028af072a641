package dev.kiln.core.predict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.UserException;
import dev.kiln.core.bundle.BundleManifest;
import dev.kiln.core.bundle.BundleWriter;
import dev.kiln.core.bundle.LearnerInfo;
import dev.kiln.core.bundle.Provenance;
import dev.kiln.core.bundle.SignatureField;
import dev.kiln.core.json.Json;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.Task;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.schema.Field;
import dev.kiln.core.transform.FittedPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a trained model (fitted pipeline + learner model) as a bundle that {@link Predictor}
 * loads. Configured by a builder; {@link #write(Path)} does the work.
 */
public final class ModelBundle {
  private final String name;
  private final FittedPipeline pipeline;
  private final Model model;
  private String target;
  private List<String> classes = List.of();
  private List<Field> signature;
  private JsonNode metrics;
  private Profile referenceProfile;
  private Provenance provenance;

  private ModelBundle(String name, FittedPipeline pipeline, Model model) {
    this.name = Objects.requireNonNull(name, "name");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.model = Objects.requireNonNull(model, "model");
  }

  public static ModelBundle of(String name, FittedPipeline pipeline, Model model) {
    return new ModelBundle(name, pipeline, model);
  }

  /** The column predicted, and for a classifier its labels in class-index order. */
  public ModelBundle target(String column, List<String> classLabels) {
    this.target = column;
    this.classes = List.copyOf(classLabels);
    return this;
  }

  /** The input columns (default: the pipeline's inputs, nullable). */
  public ModelBundle signature(List<Field> fields) {
    this.signature = List.copyOf(fields);
    return this;
  }

  public ModelBundle metrics(JsonNode holdoutMetrics) {
    this.metrics = holdoutMetrics;
    return this;
  }

  public ModelBundle referenceProfile(Profile profile) {
    this.referenceProfile = profile;
    return this;
  }

  public ModelBundle provenance(Provenance p) {
    this.provenance = p;
    return this;
  }

  /** Writes the bundle (a folder, or a zip when {@code target} ends in .kiln), atomically. */
  public BundleManifest write(Path path) {
    ModelInfo info = model.info();
    Task task = info.task();
    if (task.isClassification() && classes.size() != task.classes()) {
      throw new IllegalStateException(
          "a "
              + task.classes()
              + "-class model needs "
              + task.classes()
              + " class labels but got "
              + classes);
    }
    List<Field> fields =
        signature != null
            ? signature
            : pipeline.inputs().stream().map(i -> Field.of(i.name(), i.type(), true)).toList();
    Path staging;
    try {
      staging = Files.createTempDirectory("kiln-model-");
    } catch (IOException e) {
      throw new UserException("cannot write bundle " + path + ": " + e.getMessage(), e);
    }
    try {
      String file = model.save(staging);
      BundleManifest manifest =
          new BundleManifest(
              BundleManifest.FORMAT_VERSION,
              name,
              task.kind().name().toLowerCase(Locale.ROOT),
              target,
              classes,
              fields.stream().map(SignatureField::of).toList(),
              outputNames(task, classes),
              Json.mapper().valueToTree(pipeline),
              new LearnerInfo(
                  info.learner(),
                  info.library(),
                  info.libraryVersion(),
                  info.params(),
                  info.iterations(),
                  file),
              metrics,
              referenceProfile == null ? null : Json.mapper().valueToTree(referenceProfile),
              provenance,
              Map.of());
      return BundleWriter.write(path, manifest, Map.of(file, staging.resolve(file)));
    } finally {
      try {
        BundleWriter.deleteTree(staging);
      } catch (IOException ignored) {
        // a temporary folder left behind loses nothing
      }
    }
  }

  static List<String> outputNames(Task task, List<String> classes) {
    if (!task.isClassification()) {
      return List.of(task.kind() == Task.Kind.CLUSTERING ? "cluster" : "prediction");
    }
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of("prediction"), classes.stream().map(c -> "probability_" + c))
        .toList();
  }

  /** The task a manifest names, with its class count. */
  static Task task(String name, int classes) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "binary" -> Task.binary();
      case "multiclass" -> Task.multiclass(classes);
      case "regression" -> Task.regression();
      case "clustering" -> Task.clustering();
      default ->
          throw new UserException(
              "bundle task '"
                  + name
                  + "' is not one of binary, multiclass, regression, clustering");
    };
  }
}
