package dev.kiln.serve.model;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.predict.Predictor;
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

/**
 * A linear regression of the payment amount on channel, card_present and txn_last_24h, served as
 * {@code amount} version {@code 7}: a model whose answer is a number, not a label.
 */
final class AmountRegressor {
  private AmountRegressor() {}

  /** Trains it, writes its bundle under {@code dir} and serves it. */
  static ServedModel served(Path dir) {
    Frame train = Payments.generate(1_000, 3);
    List<Field> inputs =
        Payments.schema().fields().stream()
            .filter(f -> List.of("channel", "card_present", "txn_last_24h").contains(f.name()))
            .toList();
    double[] y = new double[train.rowCount()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ((Number) train.column("amount").get(i)).doubleValue();
    }
    Pipeline.Fitted fitted = Pipeline.defaults(new Schema(inputs)).fitTransform(train, y, 42);
    FeatureMatrix x = fitted.training();
    Model model =
        Learners.create("linear", Task.regression(), Map.of())
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), y),
                Optional.empty());
    Path bundle = dir.resolve("amount");
    ModelBundle.of("amount", fitted.pipeline(), model)
        .target("amount", List.of())
        .signature(inputs)
        .write(bundle);
    model.close();
    return ServedModel.of("amount", "7", Predictor.load(bundle));
  }
}
