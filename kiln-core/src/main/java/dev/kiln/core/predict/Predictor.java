package dev.kiln.core.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.core.UserException;
import dev.kiln.core.bundle.Bundle;
import dev.kiln.core.bundle.BundleManifest;
import dev.kiln.core.bundle.LearnerInfo;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ModelLoaders;
import dev.kiln.core.learn.Task;
import dev.kiln.core.transform.FittedPipeline;
import java.nio.file.Path;
import java.util.List;

/**
 * Predicts with a model bundle: the fitted feature pipeline, then the learner's model. The one
 * predictor the CLI, the server, Spark and Kafka share. Thread-safe; single-row prediction
 * allocates nothing per call beyond what the pipeline's encoders need.
 *
 * <p>A prediction is {@link #width()} numbers: for a classifier one probability per class in the
 * order of {@link #classes()}, for a regressor the value, for a clusterer the cluster index.
 */
public final class Predictor implements AutoCloseable {
  private final BundleManifest manifest;
  private final FittedPipeline pipeline;
  private final Model model;
  private final Task task;
  private final ThreadLocal<Buffers> buffers;

  /** Scratch space of one thread: the features as doubles and as the model's floats. */
  private record Buffers(double[] features, float[] floats) {}

  Predictor(BundleManifest manifest, FittedPipeline pipeline, Model model, Task task) {
    this.manifest = manifest;
    this.pipeline = pipeline;
    this.model = model;
    this.task = task;
    int width = pipeline.width();
    this.buffers = ThreadLocal.withInitial(() -> new Buffers(new double[width], new float[width]));
  }

  /** Opens, verifies and loads the bundle at {@code path}. */
  public static Predictor load(Path path) {
    try (Bundle bundle = Bundle.open(path)) {
      return load(bundle);
    }
  }

  /** Loads an opened bundle; its files may be deleted once this returns. */
  public static Predictor load(Bundle bundle) {
    BundleManifest m = bundle.manifest();
    if (m.pipeline() == null || m.learner() == null) {
      throw new UserException(
          "bundle '" + m.name() + "' has no pipeline or no learner section; it cannot predict");
    }
    FittedPipeline pipeline;
    try {
      pipeline = Json.mapper().treeToValue(m.pipeline(), FittedPipeline.class);
    } catch (JsonProcessingException e) {
      throw new UserException(
          "bundle '"
              + m.name()
              + "': its pipeline section does not fit the format: "
              + e.getOriginalMessage());
    }
    Task task = ModelBundle.task(m.task(), m.classes().size());
    LearnerInfo l = m.learner();
    ModelInfo info =
        new ModelInfo(
            l.name(),
            l.library(),
            l.version(),
            task,
            pipeline.featureNames(),
            l.params(),
            l.iterations());
    Model model = ModelLoaders.load(bundle.file(l.file()).getParent(), l.file(), info);
    return new Predictor(m, pipeline, model, task);
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public Task task() {
    return task;
  }

  /** The input columns a row holds, in order. */
  public List<String> inputNames() {
    return pipeline.inputNames();
  }

  /** A classifier's class labels, in the order of its probabilities (empty otherwise). */
  public List<String> classes() {
    return manifest.classes();
  }

  /** Numbers in one prediction. */
  public int width() {
    return task.outputs();
  }

  /** Predicts one row, its values in the order of {@link #inputNames()}, into {@code out}. */
  public void predict(Object[] row, double[] out) {
    Buffers b = buffers.get();
    pipeline.transformRow(row, b.features());
    predictFeatures(b, out);
  }

  /** Whether every input is a number: rows may then be given as doubles, unboxed. */
  public boolean numericInputs() {
    return pipeline.numericInputs();
  }

  /**
   * Predicts row {@code row} of {@code columns} (one per input, in the order of {@link
   * #inputNames()}; a null column: that input is missing) into {@code out}: the same prediction as
   * {@link #predict(Object[], double[])} for the values boxed, without boxing them. Only for a
   * predictor of {@link #numericInputs()}.
   */
  public void predict(double[][] columns, int row, double[] out) {
    Buffers b = buffers.get();
    pipeline.transformRow(columns, row, b.features());
    predictFeatures(b, out);
  }

  private void predictFeatures(Buffers b, double[] out) {
    double[] f = b.features();
    float[] floats = b.floats();
    for (int i = 0; i < f.length; i++) {
      floats[i] = (float) f[i];
    }
    model.predict(floats, out);
  }

  /** Predicts every row of a frame; {@code rowCount() * width()} numbers, row-major. */
  public double[] predict(Frame frame) {
    return model.predict(pipeline.transformFloats(frame), frame.rowCount());
  }

  /**
   * The predicted label of a prediction at {@code offset}: the most probable class, or the value.
   */
  public String label(double[] predictions, int offset) {
    if (!task.isClassification()) {
      double v = predictions[offset];
      return task.kind() == Task.Kind.CLUSTERING ? Long.toString((long) v) : Double.toString(v);
    }
    int best = 0;
    for (int c = 1; c < task.classes(); c++) {
      if (predictions[offset + c] > predictions[offset + best]) {
        best = c;
      }
    }
    return classes().get(best);
  }

  @Override
  public void close() {
    model.close();
  }
}
