package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every mistake a caller can make ends in one clear line naming what is wrong. */
class BadInputTest {
  private static TrainingSet binary(double... labels) {
    int n = labels.length;
    float[] x = new float[n * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 7;
    }
    return TrainingSet.of(x, n, 2, List.of("a", "b"), labels);
  }

  private static Learner learner(String name, Task task, Map<String, ?> params) {
    return Learners.create(name, task, params);
  }

  @Test
  void refusesAnUnknownParameterAndListsTheKnownOnes() {
    assertThatThrownBy(() -> learner("lightgbm", Task.binary(), Map.of("num_leafs", "63")))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "Unknown parameter 'num_leafs' for learner lightgbm. Known parameters: ")
        .hasMessageContaining("num_leaves")
        .hasMessageContaining("learning_rate");
  }

  @Test
  void refusesAnIntegerBelowItsMinimumNamingParameterValueAndRange() {
    assertThatThrownBy(() -> learner("lightgbm", Task.binary(), Map.of("num_leaves", "1")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Parameter num_leaves of learner lightgbm must be an integer from 2 to 131072 but was '1'");
  }

  @Test
  void refusesTextWhereANumberIsExpected() {
    assertThatThrownBy(() -> learner("xgboost", Task.binary(), Map.of("eta", "fast")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Parameter eta of learner xgboost must be a number from 0.000001 to 1 but was 'fast'");
  }

  @Test
  void refusesANegativeRegularizationStrength() {
    assertThatThrownBy(() -> learner("logistic", Task.binary(), Map.of("c", -1.0)))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Parameter c of learner logistic must be a number from 0.000000000001 to 1000000000000 but was '-1.0'");
  }

  @Test
  void refusesAnUnknownLearnerAndListsTheKnownOnes() {
    assertThatThrownBy(() -> learner("xgb", Task.binary(), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Unknown learner 'xgb'. Known learners: lightgbm, xgboost, logistic, linear, kmeans.");
  }

  @Test
  void refusesATaskTheLearnerDoesNotDoAndNamesLearnersThatDo() {
    assertThatThrownBy(() -> learner("logistic", Task.regression(), Map.of()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Learner logistic does not do regression; it does binary, multiclass. Learners for it: lightgbm, xgboost, linear");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost", "logistic"})
  void refusesTooFewRows(String name) {
    assertThatThrownBy(
            () -> learner(name, Task.binary(), Map.of()).fit(binary(1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("Learner " + name + " needs at least 2 training rows but got 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost", "logistic"})
  void refusesALabelOutOfRange(String name) {
    assertThatThrownBy(
            () -> learner(name, Task.binary(), Map.of()).fit(binary(0, 1, 2, 1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("Label in row 2 is 2.0 but a binary task takes class indexes 0 to 1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost", "linear"})
  void refusesANaNLabel(String name) {
    Task task = name.equals("linear") ? Task.regression() : Task.binary();
    assertThatThrownBy(
            () -> learner(name, task, Map.of()).fit(binary(0, 1, Double.NaN, 1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("Label in row 2 is NaN; labels must be finite numbers (drop or fill it)");
  }

  @Test
  void refusesABinaryTaskWithOnlyOneClassPresent() {
    assertThatThrownBy(
            () ->
                learner("lightgbm", Task.binary(), Map.of()).fit(binary(1, 1, 1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("Class 0 has no rows in the training set; a binary task needs every class");
  }

  @Test
  void refusesMissingValuesForALinearLearner() {
    TrainingSet data =
        TrainingSet.of(
            new float[] {1, 2, Float.NaN, 4}, 2, 2, List.of("a", "b"), new double[] {0, 1});
    assertThatThrownBy(
            () -> learner("logistic", Task.binary(), Map.of()).fit(data, Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Learner logistic cannot use missing values but feature a is missing in row 1; impute it first");
  }

  @Test
  void refusesSampleWeightsForLiblinearAndPointsToClassWeight() {
    TrainingSet data = binary(0, 1, 0, 1).withWeights(new float[] {1, 1, 1, 2});
    assertThatThrownBy(
            () -> learner("logistic", Task.binary(), Map.of()).fit(data, Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Learner logistic cannot use sample weights (liblinear has none); use class_weight");
  }

  @Test
  void refusesANegativeSampleWeight() {
    assertThatThrownBy(() -> binary(0, 1).withWeights(new float[] {1, -1}))
        .isInstanceOf(UserException.class)
        .hasMessage("Sample weight in row 1 is -1.0; weights must be finite and >= 0");
  }

  @Test
  void refusesAMalformedClassWeight() {
    assertThatThrownBy(
            () ->
                learner("xgboost", Task.binary(), Map.of("class_weight", "1=5"))
                    .fit(binary(0, 1, 0, 1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Parameter class_weight of learner xgboost must be none, balanced (rows / (classes x class rows)), or per class as 0:1,1:5 with classes 0 to 1 and weights >= 0 but was '1=5'");
  }

  @Test
  void refusesClassWeightsForRegression() {
    assertThatThrownBy(
            () ->
                learner("lightgbm", Task.regression(), Map.of("class_weight", "balanced"))
                    .fit(binary(0, 1, 0, 1), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "Parameter class_weight of learner lightgbm applies to classification only but the task is regression; leave it at none");
  }

  @Test
  void refusesAValidationSetWithOtherFeatures() {
    TrainingSet other =
        TrainingSet.of(new float[] {1, 2}, 1, 2, List.of("a", "c"), new double[] {0});
    assertThatThrownBy(
            () ->
                learner("lightgbm", Task.binary(), Map.of())
                    .fit(binary(0, 1, 0, 1), Optional.of(other)))
        .isInstanceOf(UserException.class)
        .hasMessage("The validation set's features [a, c] differ from the training set's [a, b]");
  }

  @Test
  void refusesMoreClustersThanRows() {
    TrainingSet data = TrainingSet.unlabelled(new float[] {1, 2, 3, 4}, 2, 2, List.of("a", "b"));
    assertThatThrownBy(
            () -> learner("kmeans", Task.clustering(), Map.of("k", 3)).fit(data, Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("Learner kmeans needs at least 3 training rows but got 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost", "logistic"})
  void refusesARowOfTheWrongLength(String name) {
    try (Model model =
        learner(name, Task.binary(), Map.of()).fit(binary(0, 1, 0, 1, 0, 1), Optional.empty())) {
      assertThatThrownBy(() -> model.predict(new float[] {1, 2, 3}, new double[2]))
          .isInstanceOf(UserException.class)
          .hasMessage("A row to predict has 3 values but the model takes 2 features");
    }
  }

  @Test
  void refusesToLoadAModelFileThatIsNotThere(@TempDir Path dir) {
    try (Model model =
        learner("lightgbm", Task.binary(), Map.of()).fit(binary(0, 1, 0, 1), Optional.empty())) {
      assertThatThrownBy(() -> Learners.load(dir, "model.txt", model.info()))
          .isInstanceOf(UserException.class)
          .hasMessage("LightGBM model file " + dir.resolve("model.txt") + " does not exist");
    }
  }

  @Test
  void reportsAGarbledLightGbmFileWithTheFileAndLine(@TempDir Path dir) throws Exception {
    try (Model model =
        learner("lightgbm", Task.binary(), Map.of()).fit(binary(0, 1, 0, 1), Optional.empty())) {
      Files.writeString(dir.resolve("model.txt"), "tree\nversion=v4\nnum_class=x\n");
      assertThatThrownBy(() -> Learners.load(dir, "model.txt", model.info()))
          .isInstanceOf(UserException.class)
          .hasMessage(
              dir.resolve("model.txt")
                  + ": LightGBM model text, line 3: num_class is 'x', not an integer");
    }
  }

  @Test
  void reportsAGarbledXgBoostFileWithTheLearnerAndFile(@TempDir Path dir) throws Exception {
    try (Model model =
        learner("xgboost", Task.binary(), Map.of()).fit(binary(0, 1, 0, 1), Optional.empty())) {
      Files.write(dir.resolve("model.ubj"), new byte[] {1, 2, 3});
      assertThatThrownBy(() -> Learners.load(dir, "model.ubj", model.info()))
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith(
              "Learner xgboost failed while loading " + dir.resolve("model.ubj") + ": ")
          .hasMessageNotContaining("\n");
    }
  }
}
