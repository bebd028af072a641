package dev.kiln.serve.model;

import dev.kiln.core.learn.Task;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Field;
import dev.kiln.data.synth.Payments;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A linear regression of the payment amount on channel, card_present and txn_last_24h, served as
 * {@code amount} version {@code 7}: a model whose answer is a number, not a label.
 */
final class AmountRegressor {
  private AmountRegressor() {}

  /** Trains it, writes its bundle under {@code dir} and serves it. */
  static ServedModel served(Path dir) {
    return ServedModel.of("amount", "7", Predictor.load(bundle(dir)));
  }

  /** Trains it and writes its bundle under {@code dir}. */
  static Path bundle(Path dir) {
    List<Field> inputs =
        Payments.schema().fields().stream()
            .filter(f -> List.of("channel", "card_present", "txn_last_24h").contains(f.name()))
            .toList();
    return TrainedPayments.bundle(
        dir.resolve("amount.kiln"),
        "amount",
        Payments.generate(1_000, 3),
        inputs,
        "amount",
        Task.regression(),
        List.of(),
        "linear",
        Map.of(),
        42);
  }
}
