package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every metric agrees with scikit-learn to 1e-9 relative on the datasets {@code
 * metrics_reference.py} generated: binary scores with many ties, an imbalanced binary set with
 * certain scores that log loss must clip, four classes one of which is never predicted, and
 * regression labels with zeros (MAPE's epsilon).
 */
class MetricsReferenceTest {
  @ParameterizedTest
  @ValueSource(strings = {"binary_ties", "binary_imbalanced", "multiclass", "regression"})
  void agreesWithScikitLearn(String name) {
    JsonNode reference = Reference.load(name);

    assertThat(differences(reference)).isEmpty();
  }

  @Test
  void comparisonNoticesAValueThatDiffersByMoreThanOnePartInABillion() {
    JsonNode reference = Reference.load("binary_ties");
    ObjectNode metrics = (ObjectNode) reference.get("metrics");
    metrics.put("auc_roc", metrics.get("auc_roc").asDouble() * (1 + 2e-9));
    metrics.put("f1_class_1", metrics.get("f1_class_1").asDouble() * (1 - 2e-9));
    metrics.put("extra_metric", 1.0);

    assertThat(differences(reference))
        .containsExactlyInAnyOrder(
            "auc_roc: 0.7502006823198876 but the reference says " + metrics.get("auc_roc"),
            "f1_class_1: 0.6422018348623852 but the reference says " + metrics.get("f1_class_1"),
            "extra_metric: in the reference but Kiln has no such metric");
  }

  @Test
  void confusionMatrixCountsTrueClassesByRowAndPredictionsByColumn() {
    ClassPredictions data =
        ClassPredictions.of(new int[] {0, 0, 1, 2, 2}, new int[] {0, 1, 1, 2, 0}, 3);

    ConfusionMatrix matrix = ConfusionMatrix.of(data);

    assertThat(matrix.counts()).isEqualTo(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}});
    assertThat(matrix.count(2, 0)).isEqualTo(1);
  }

  private static List<String> differences(JsonNode reference) {
    Map<String, Double> kiln = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    int[] expectedPredictions;
    ClassPredictions predictions;
    switch (reference.get("kind").asText()) {
      case "binary" -> {
        BinaryScores data =
            BinaryScores.of(
                Reference.ints(reference.get("labels")),
                Reference.doubles(reference.get("scores")));
        Metrics.binary().forEach(m -> kiln.put(m.name(), m.compute(data)));
        predictions = data.predictions(reference.get("threshold").asDouble());
      }
      case "multiclass" -> {
        ClassProbabilities data =
            ClassProbabilities.of(
                Reference.ints(reference.get("labels")),
                Reference.doubles(reference.get("probabilities")),
                reference.get("classes").asInt());
        Metrics.multiclass().forEach(m -> kiln.put(m.name(), m.compute(data)));
        predictions = data.predictions();
      }
      default -> {
        RegressionPredictions data =
            RegressionPredictions.of(
                Reference.doubles(reference.get("labels")),
                Reference.doubles(reference.get("predictions")));
        Metrics.regression().forEach(m -> kiln.put(m.name(), m.compute(data)));
        predictions = null;
      }
    }
    if (predictions != null) {
      expectedPredictions = Reference.ints(reference.get("predictions"));
      if (!java.util.Arrays.equals(predictions.predictions(), expectedPredictions)) {
        problems.add("predictions differ from the reference's");
      }
      Metrics.classification(predictions.classes())
          .forEach(m -> kiln.put(m.name(), m.compute(predictions)));
      long[][] matrix = ConfusionMatrix.of(predictions).counts();
      JsonNode expected = reference.get("confusion_matrix");
      for (int t = 0; t < matrix.length; t++) {
        for (int p = 0; p < matrix.length; p++) {
          if (matrix[t][p] != expected.get(t).get(p).asLong()) {
            problems.add("confusion_matrix[" + t + "][" + p + "]: " + matrix[t][p]);
          }
        }
      }
    }
    Reference.Differences d = new Reference.Differences();
    JsonNode metrics = reference.get("metrics");
    kiln.forEach(
        (name, value) -> {
          if (metrics.has(name)) {
            d.close(name, value, metrics.get(name));
          } else {
            problems.add(name + ": Kiln computes it but the reference has no value");
          }
        });
    metrics
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!kiln.containsKey(name)) {
                problems.add(name + ": in the reference but Kiln has no such metric");
              }
            });
    problems.addAll(d.problems);
    return problems;
  }
}
