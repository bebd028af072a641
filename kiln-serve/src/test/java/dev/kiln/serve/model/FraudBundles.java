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
import dev.kiln.data.synth.Payments;
import dev.kiln.learn.Learners;
import dev.kiln.store.Change;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.NewModelVersion;
import dev.kiln.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fraud classifiers trained on generated payments and zipped as {@code .kiln} files, and their
 * registration in a real store, for the tests that serve from the registry.
 */
final class FraudBundles {
  static final Change WHO = Change.by("test");

  private FraudBundles() {}

  /** Trains {@code learner} on 1,500 payments drawn with {@code seed} into {@code file}. */
  static Path train(Path file, String learner, long seed) {
    Frame train = Payments.generate(1_500, seed);
    List<Field> inputs =
        Payments.schema().fields().stream()
            .filter(f -> !PaymentsModel.KEYS.contains(f.name()))
            .toList();
    double[] labels = new double[train.rowCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ((Number) train.column("is_fraud").get(i)).doubleValue();
    }
    Pipeline.Fitted fitted = Pipeline.defaults(new Schema(inputs)).fitTransform(train, labels, 42);
    FeatureMatrix x = fitted.training();
    Map<String, Object> params =
        learner.equals("xgboost") ? Map.of("num_boost_round", 20) : Map.of();
    Model model =
        Learners.create(learner, Task.binary(), params)
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), labels),
                Optional.empty());
    ModelBundle.of("fraud", fitted.pipeline(), model)
        .target("is_fraud", List.of("0", "1"))
        .signature(inputs)
        .write(file);
    model.close();
    return file;
  }

  /** Registers the bundle file as the next version of {@code name}. */
  static ModelVersion register(Store store, String name, Path bundle) {
    String digest = store.artifacts().put(bundle);
    try {
      store.registry().getRegisteredModel(name);
    } catch (RuntimeException e) {
      store.registry().createRegisteredModel(name, null, WHO);
    }
    return store
        .registry()
        .createModelVersion(NewModelVersion.of(name, bundle.toString(), null, digest), WHO);
  }
}
