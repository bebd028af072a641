package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The logistic learner against scikit-learn's LogisticRegression on the same objective (fixture
 * written by {@code src/test/python/logistic_reference.py}).
 */
class LogisticReferenceTest {

  @Test
  void fitsTheSameProbabilitiesAsScikitLearnOnStandardizedBreastCancer() throws Exception {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/logistic_breast_cancer.csv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
    }
    TrainingSet data = Datasets.standardized(Datasets.breastCancer());
    try (Model model =
        Learners.create("logistic", Task.binary(), Map.of("c", 1.0, "tolerance", 1e-10))
            .fit(data, Optional.empty())) {
      double[] p = model.predict(data.features(), data.rows());
      assertThat(lines).hasSize(data.rows());
      for (int i = 0; i < data.rows(); i++) {
        assertThat(p[2 * i + 1])
            .as("row %d", i)
            .isCloseTo(Double.parseDouble(lines.get(i)), within(1e-7));
      }
    }
  }
}
