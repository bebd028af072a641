package dev.kiln.serve.model;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import dev.kiln.core.transform.FeatureMatrix;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.learn.Learners;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains the test models of this package on generated payments: the default pipeline over {@code
 * inputs} (fitted with {@code seed}), then {@code learner} on the numeric column {@code target},
 * written as a bundle called {@code name}.
 */
final class TrainedPayments {
  private TrainedPayments() {}

  /**
   * Writes the bundle to {@code file} and returns it; {@code classes} are the target's labels
   * (empty for a regression).
   */
  static Path bundle(
      Path file,
      String name,
      Frame train,
      List<Field> inputs,
      String target,
      Task task,
      List<String> classes,
      String learner,
      Map<String, Object> params,
      long seed) {
    double[] y = new double[train.rowCount()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ((Number) train.column(target).get(i)).doubleValue();
    }
    Pipeline.Fitted fitted = Pipeline.defaults(new Schema(inputs)).fitTransform(train, y, seed);
    FeatureMatrix x = fitted.training();
    Model model =
        Learners.create(learner, task, params)
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), y),
                Optional.empty());
    ModelBundle.of(name, fitted.pipeline(), model)
        .target(target, classes)
        .signature(inputs)
        .write(file);
    model.close();
    return file;
  }
}
