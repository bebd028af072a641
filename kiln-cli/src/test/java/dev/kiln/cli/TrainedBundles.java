package dev.kiln.cli;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import dev.kiln.core.transform.FeatureMatrix;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.data.synth.Payments;
import dev.kiln.learn.Learners;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/** Bundles trained on generated payments, for the scoring tests. */
final class TrainedBundles {
  /** Columns no model reads: keys and free text. */
  static final Set<String> KEYS = Set.of("payment_id", "customer_id");

  private TrainedBundles() {}

  /**
   * Trains {@code learner} to predict {@code target} on 3,000 payments and writes the bundle, its
   * signature the payments schema's fields (so customer_age and distance_from_home_km are the only
   * optional inputs).
   */
  static Path train(Path bundle, String target, String learner) {
    Frame train = Payments.generate(3_000, 11);
    List<Field> inputs =
        Payments.schema().fields().stream()
            .filter(f -> !KEYS.contains(f.name()) && !f.name().equals(target))
            .toList();
    List<String> classes =
        List.copyOf(
            new TreeSet<>(
                IntStream.range(0, train.rowCount())
                    .mapToObj(i -> String.valueOf(train.column(target).get(i)))
                    .toList()));
    double[] labels = new double[train.rowCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = classes.indexOf(String.valueOf(train.column(target).get(i)));
    }
    Pipeline.Fitted fitted = Pipeline.defaults(new Schema(inputs)).fitTransform(train, labels, 42);
    FeatureMatrix x = fitted.training();
    Task task = classes.size() == 2 ? Task.binary() : Task.multiclass(classes.size());
    Model model =
        Learners.create(learner, task, Map.of())
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), labels),
                Optional.empty());
    ModelBundle.of("payments", fitted.pipeline(), model)
        .target(target, classes)
        .signature(inputs)
        .write(bundle);
    model.close();
    return bundle;
  }
}
