package dev.kiln.serve.model;

import dev.kiln.core.learn.Task;
import dev.kiln.core.schema.Field;
import dev.kiln.data.synth.Payments;
import dev.kiln.store.Change;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.NewModelVersion;
import dev.kiln.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fraud classifiers trained on generated payments and zipped as {@code .kiln} files, and their
 * registration in a real store, for the tests that serve from the registry.
 */
final class FraudBundles {
  static final Change WHO = Change.by("test");

  private FraudBundles() {}

  /** Trains {@code learner} on 1,500 payments drawn with {@code seed} into {@code file}. */
  static Path train(Path file, String learner, long seed) {
    List<Field> inputs =
        Payments.schema().fields().stream()
            .filter(f -> !PaymentsModel.KEYS.contains(f.name()))
            .toList();
    Map<String, Object> params =
        learner.equals("xgboost") ? Map.of("num_boost_round", 20) : Map.of();
    return TrainedPayments.bundle(
        file,
        "fraud",
        Payments.generate(1_500, seed),
        inputs,
        "is_fraud",
        Task.binary(),
        List.of("0", "1"),
        learner,
        params,
        42);
  }

  /**
   * A SQLite store in {@code dir} ({@code kiln.db}, artifacts under {@code artifacts/}) holding the
   * {@code bundles} as versions 1, 2, … of {@code fraud}.
   */
  static Store store(Path dir, Path... bundles) {
    Store store =
        Store.builder()
            .url("sqlite:" + dir.resolve("kiln.db"))
            .artifacts(dir.resolve("artifacts"))
            .open();
    for (Path bundle : bundles) {
      register(store, "fraud", bundle);
    }
    return store;
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
