package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import org.junit.jupiter.api.Test;

/** Bad input is refused with one line that says what was expected and what arrived. */
class BadInputTest {
  private static final int[] LABELS = {0, 1, 1};
  private static final double[] SCORES = {0.1, 0.8, 0.4};

  @Test
  void labelsAndScoresOfDifferentLengthsNameBothLengths() {
    assertThatThrownBy(() -> BinaryScores.of(LABELS, new double[] {0.1, 0.2}))
        .isInstanceOf(UserException.class)
        .hasMessage("labels has 3 values but scores has 2; they must have one value per row");
    assertThatThrownBy(() -> RegressionPredictions.of(new double[] {1}, new double[] {1, 2}))
        .hasMessage("labels has 1 values but predictions has 2; they must have one value per row");
    assertThatThrownBy(() -> ClassPredictions.of(LABELS, new int[] {0}, 2))
        .hasMessage("labels has 3 values but predictions has 1; they must have one value per row");
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> BinaryScores.of(new int[0], new double[0]))
        .isInstanceOf(UserException.class)
        .hasMessage("labels and scores are empty; a metric needs at least one row");
    assertThatThrownBy(() -> ClassProbabilities.of(new int[0], new double[0], 3))
        .hasMessage("labels is empty; a metric needs at least one row");
  }

  @Test
  void nanAndInfiniteNumbersAreRefusedWithTheirRow() {
    assertThatThrownBy(() -> BinaryScores.of(LABELS, new double[] {0.1, Double.NaN, 0.3}))
        .isInstanceOf(UserException.class)
        .hasMessage("scores must be finite numbers but row 1 is NaN");
    assertThatThrownBy(
            () ->
                RegressionPredictions.of(new double[] {1, Double.POSITIVE_INFINITY}, new double[2]))
        .hasMessage("labels must be finite numbers but row 1 is Infinity");
    assertThatThrownBy(() -> ClassProbabilities.of(new int[] {0}, new double[] {Double.NaN, 1}, 2))
        .hasMessage(
            "ClassProbabilities needs probabilities in [0, 1] but probabilities has NaN at row 0");
  }

  @Test
  void labelsOutsideTheClassesAreRefused() {
    assertThatThrownBy(() -> BinaryScores.of(new int[] {0, 2}, new double[] {0.1, 0.2}))
        .isInstanceOf(UserException.class)
        .hasMessage("labels must be class indexes 0..1 but row 1 is 2");
    assertThatThrownBy(() -> ClassPredictions.of(new int[] {0, 1}, new int[] {-1, 0}, 3))
        .hasMessage("predictions must be class indexes 0..2 but row 0 is -1");
    assertThatThrownBy(() -> ClassPredictions.of(new int[] {0}, new int[] {0}, 1))
        .hasMessage("classes must be at least 2 but was 1");
  }

  @Test
  void aucOfOneClassIsUndefinedAndSaysWhichClass() {
    BinaryScores positives = BinaryScores.of(new int[] {1, 1, 1}, SCORES);

    assertThatThrownBy(() -> Metrics.AUC_ROC.compute(positives))
        .isInstanceOf(UserException.class)
        .hasMessage("auc_roc is undefined when labels hold one class only, but all 3 labels are 1");
    assertThatThrownBy(
            () -> Metrics.PR_AUC.compute(BinaryScores.of(new int[] {0, 0}, new double[2])))
        .hasMessage("pr_auc is undefined without a positive label, but all 2 labels are 0");
    assertThat(Metrics.PR_AUC.compute(positives)).isEqualTo(1.0);
    assertThat(Metrics.LOG_LOSS.compute(positives)).isPositive();
  }

  @Test
  void multiclassAucNamesTheClassWithoutRows() {
    ClassProbabilities data =
        ClassProbabilities.of(new int[] {0, 1}, new double[] {0.6, 0.3, 0.1, 0.2, 0.7, 0.1}, 3);

    assertThatThrownBy(() -> Metrics.AUC_ROC_OVR_MACRO.compute(data))
        .hasMessage(
            "auc_roc_ovr_macro is undefined unless every class has a true row, but class 2 has 0"
                + " of 2 rows");
  }

  @Test
  void r2OfConstantLabelsIsUndefined() {
    RegressionPredictions data = RegressionPredictions.of(new double[] {3, 3}, new double[] {1, 2});

    assertThatThrownBy(() -> Metrics.R2.compute(data))
        .hasMessage("r2 is undefined when every label is the same, but all 2 labels are 3.0");
  }

  @Test
  void logLossAndBrierNeedProbabilities() {
    BinaryScores margins = BinaryScores.of(LABELS, new double[] {-2, 1.5, 0.3});

    assertThatThrownBy(() -> Metrics.LOG_LOSS.compute(margins))
        .hasMessage("log_loss needs probabilities in [0, 1] but scores has -2.0 at row 0");
    assertThatThrownBy(() -> Metrics.BRIER.compute(margins))
        .hasMessage("brier needs probabilities in [0, 1] but scores has -2.0 at row 0");
    assertThat(Metrics.AUC_ROC.compute(margins)).isEqualTo(1.0);
  }

  @Test
  void certainAndWrongProbabilitiesAreClippedNotInfinite() {
    double loss = Metrics.LOG_LOSS.compute(BinaryScores.of(new int[] {1}, new double[] {0.0}));

    assertThat(loss)
        .isCloseTo(-Math.log(Math.ulp(1.0)), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void probabilitiesOfTheWrongShapeOrSumAreRefused() {
    assertThatThrownBy(() -> ClassProbabilities.of(new int[] {0, 1}, new double[] {0.5, 0.5, 1}, 2))
        .hasMessage(
            "probabilities has 3 values but labels has 2 rows and classes is 2: expected 4"
                + " (row-major, rows x classes)");
    assertThatThrownBy(() -> ClassProbabilities.of(new int[] {0}, new double[] {0.5, 0.4}, 2))
        .hasMessage("probabilities of row 0 sum to 0.9; each row must sum to 1");
  }

  @Test
  void aClassOutsideThePredictionsIsRefused() {
    ClassPredictions data = ClassPredictions.of(new int[] {0, 1}, new int[] {0, 1}, 2);

    assertThatThrownBy(() -> Metrics.precision(-1))
        .hasMessage("class must be a class index (0 or more) but was -1");
    assertThatThrownBy(() -> Metrics.recall(2).compute(data))
        .hasMessage("class 2 is out of range: the predictions have 2 classes (0..1)");
  }

  @Test
  void thresholdMustBeANumber() {
    assertThatThrownBy(() -> BinaryScores.of(LABELS, SCORES).predictions(Double.NaN))
        .hasMessage("threshold must be a number but was NaN");
  }

  @Test
  void bootstrapSettingsAreChecked() {
    assertThatThrownBy(() -> Bootstrap.builder(1).resamples(0))
        .hasMessage("resamples must be at least 1 but was 0");
    assertThatThrownBy(() -> Bootstrap.builder(1).level(95))
        .hasMessage("level must be between 0 and 1 (e.g. 0.95) but was 95.0");
  }

  @Test
  void pairedComparisonNeedsTheSameRows() {
    Bootstrap bootstrap = Bootstrap.builder(1).resamples(10).build();
    BinaryScores a = BinaryScores.of(LABELS, SCORES);

    assertThatThrownBy(
            () ->
                bootstrap.compare(
                    Metrics.AUC_ROC, a, BinaryScores.of(new int[] {0, 1}, new double[] {0, 1})))
        .hasMessage(
            "a paired comparison needs both models' outcomes on the same rows, but the first has 3"
                + " rows and the second 2");
    assertThatThrownBy(
            () ->
                bootstrap.compare(Metrics.AUC_ROC, a, BinaryScores.of(new int[] {0, 0, 1}, SCORES)))
        .hasMessage(
            "a paired comparison needs both models' outcomes on the same rows, but their labels"
                + " differ (row 1)");
    ClassPredictions two = ClassPredictions.of(new int[] {0, 1}, new int[] {0, 1}, 2);
    ClassPredictions three = ClassPredictions.of(new int[] {0, 1}, new int[] {0, 2}, 3);
    assertThatThrownBy(() -> bootstrap.compare(Metrics.ACCURACY, two, three))
        .hasMessage(
            "a paired comparison needs both models to have the same classes, but the first has 2"
                + " and the second 3");
  }
}
