package dev.kiln.serve.model;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Task;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Field;
import dev.kiln.data.synth.Payments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fraud classifier trained once per test JVM on generated payments (XGBoost, 30 trees), served as
 * {@code payments} version {@code 1}. Its inputs cover every column type: a timestamp, floats (one
 * nullable), integers (one nullable), categories and a boolean.
 */
final class PaymentsModel {
  static final Set<String> KEYS = Set.of("payment_id", "customer_id", "is_fraud");
  private static Path bundle;

  private PaymentsModel() {}

  /** The bundle's folder (trained on first use). */
  static synchronized Path bundle() {
    if (bundle == null) {
      try {
        Path dir = Files.createTempDirectory("kiln-serve-test");
        dir.toFile().deleteOnExit();
        bundle = train(dir.resolve("payments"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundle;
  }

  /** A freshly loaded predictor of the bundle, served as {@code payments}/{@code version}. */
  static ServedModel served(String version) {
    return ServedModel.of("payments", version, Predictor.load(bundle()));
  }

  /** Rows of generated payments (other seed than training) as maps of the model's inputs. */
  static Frame rows(int n, long seed) {
    return Payments.generate(n, seed);
  }

  private static Path train(Path path) {
    List<Field> inputs =
        Payments.schema().fields().stream().filter(f -> !KEYS.contains(f.name())).toList();
    return TrainedPayments.bundle(
        path,
        "payments",
        Payments.generate(2_000, 11),
        inputs,
        "is_fraud",
        Task.binary(),
        List.of("0", "1"),
        "xgboost",
        Map.of("num_boost_round", 30),
        42);
  }
}
