package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * DeLong's test agrees with {@code metrics_reference.py}, which computes the structural components
 * from scipy's midranks, checks them against the pair-by-pair definition and the AUC against
 * scikit-learn, and takes the p-value from scipy's normal distribution.
 */
class DeLongTest {
  private static final JsonNode FIXTURE = Reference.load("delong");

  @Test
  void agreesWithTheReferenceOnTiedImbalancedAndSimilarModels() {
    Reference.Differences d = new Reference.Differences();
    int cases = 0;
    for (JsonNode c : FIXTURE.get("cases")) {
      int[] labels = Reference.ints(c.get("labels"));
      AucDifference result =
          DeLong.compare(
              BinaryScores.of(labels, Reference.doubles(c.get("scores_a"))),
              BinaryScores.of(labels, Reference.doubles(c.get("scores_b"))));
      String name = c.get("name").asText();
      d.close(name + ".auc_a", result.first(), c.get("auc_a"));
      d.close(name + ".auc_b", result.second(), c.get("auc_b"));
      d.close(name + ".difference", result.difference(), c.get("difference"));
      d.close(name + ".standard_error", result.standardError(), c.get("standard_error"));
      d.close(name + ".z", result.z(), c.get("z"));
      d.close(name + ".p_value", result.pValue(), c.get("p_value"));
      cases++;
    }

    assertThat(cases).isEqualTo(3);
    assertThat(d.problems).isEmpty();
  }

  @Test
  void normalUpperTailAgreesWithScipyFarIntoTheTail() {
    for (JsonNode point : FIXTURE.get("normal_upper_tail")) {
      double x = point.get(0).asDouble();
      double expected = point.get(1).asDouble();

      assertThat(Normal.upperTail(x))
          .as("Q(%s)", x)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
    }
  }

  @Test
  void aModelComparedWithItselfHasNoDifferenceAndPValueOne() {
    BinaryScores a = BootstrapTest.scores(500, 1);

    AucDifference result = DeLong.compare(a, a);

    assertThat(result.difference()).isZero();
    assertThat(result.standardError()).isZero();
    assertThat(result.pValue()).isEqualTo(1.0);
    assertThat(result.significantAt(0.95)).isFalse();
  }

  @Test
  void refusesTooFewRowsOfAClassAndDifferentLabels() {
    BinaryScores few = BinaryScores.of(new int[] {0, 0, 1}, new double[] {0.1, 0.2, 0.3});
    BinaryScores other = BinaryScores.of(new int[] {0, 1, 1}, new double[] {0.1, 0.2, 0.3});

    assertThatThrownBy(() -> DeLong.compare(few, few))
        .hasMessage(
            "DeLong's test needs at least 2 positive and 2 negative rows, but there are 1 and 2");
    assertThatThrownBy(() -> DeLong.compare(few, other))
        .hasMessage(
            "DeLong's test needs both models' scores on the same rows, but their labels differ");
  }
}
