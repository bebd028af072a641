package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Early stopping, class weights, seeds and progress, per gradient-boosting library. */
class TrainingOptionsTest {
  private static final Map<String, Map<String, Object>> SAMPLING =
      Map.of(
          "lightgbm", Map.of("bagging_fraction", 0.7, "bagging_freq", 1),
          "xgboost", Map.of("subsample", 0.7));

  private static String rounds(String learner) {
    return learner.equals("lightgbm") ? "num_iterations" : "num_boost_round";
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost"})
  void earlyStoppingKeepsTheBestIterationAndFewerThanAsked(String learner) throws Exception {
    TrainingSet[] parts = Datasets.split(Datasets.breastCancer(), 0.3, 5);
    Map<String, Object> params =
        Map.of(rounds(learner), 500, "early_stopping_rounds", 10, key(learner), 0.3);
    List<int[]> updates = new ArrayList<>();
    try (Model model =
        Learners.create(learner, Task.binary(), params)
            .fit(
                parts[0],
                Optional.of(parts[1]),
                (done, total) -> updates.add(new int[] {done, total}))) {
      int kept = model.info().iterations();
      assertThat(kept).isBetween(1, 499);
      // training ran exactly `early_stopping_rounds` past the best iteration, then stopped
      assertThat(updates).hasSize(kept + 10);
      assertThat(updates.get(updates.size() - 1)[1]).isEqualTo(500);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost"})
  void anEarlyStoppedModelSavedAndLoadedPredictsWithTheKeptIterationsOnly(
      String learner, @TempDir Path dir) throws Exception {
    TrainingSet[] parts = Datasets.split(Datasets.breastCancer(), 0.3, 5);
    Map<String, Object> params =
        Map.of(rounds(learner), 300, "early_stopping_rounds", 5, key(learner), 0.5);
    Map<String, Object> kept = new java.util.HashMap<>(Map.of(key(learner), 0.5));
    try (Model stopped =
        Learners.create(learner, Task.binary(), params).fit(parts[0], Optional.of(parts[1]))) {
      kept.put(rounds(learner), stopped.info().iterations());
      String file = stopped.save(dir);
      // the same rounds trained without early stopping give the same predictions
      try (Model loaded = Learners.load(dir, file, stopped.info());
          Model plain =
              Learners.create(learner, Task.binary(), kept).fit(parts[0], Optional.empty())) {
        double[] expected = plain.predict(parts[1].features(), parts[1].rows());
        assertThat(loaded.predict(parts[1].features(), parts[1].rows())).isEqualTo(expected);
        assertThat(stopped.predict(parts[1].features(), parts[1].rows())).isEqualTo(expected);
      }
    }
  }

  private static String key(String learner) {
    return learner.equals("lightgbm") ? "learning_rate" : "eta";
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost"})
  void reportsProgressAfterEveryTreeOutOfTheTotal(String learner) throws Exception {
    List<int[]> updates = new ArrayList<>();
    Learners.create(learner, Task.binary(), Map.of(rounds(learner), 25))
        .fit(
            Datasets.breastCancer(),
            Optional.empty(),
            (done, total) -> updates.add(new int[] {done, total}))
        .close();
    assertThat(updates).hasSize(25);
    for (int i = 0; i < 25; i++) {
      assertThat(updates.get(i)).containsExactly(i + 1, 25);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost"})
  void anotherSeedWithRowSamplingGivesAnotherModel(String learner, @TempDir Path dir)
      throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    Map<String, Object> one = new java.util.HashMap<>(SAMPLING.get(learner));
    Map<String, Object> two = new java.util.HashMap<>(one);
    two.put("seed", 7);
    String file;
    try (Model first =
            Learners.create(learner, Task.binary(), one)
                .fit(Datasets.breastCancer(), Optional.empty());
        Model second =
            Learners.create(learner, Task.binary(), two)
                .fit(Datasets.breastCancer(), Optional.empty())) {
      file = first.save(a);
      second.save(b);
    }
    assertThat(Files.readAllBytes(b.resolve(file)))
        .isNotEqualTo(Files.readAllBytes(a.resolve(file)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lightgbm", "xgboost", "logistic"})
  void weightingTheRareClassUpRaisesItsPredictedProbability(String learner) throws Exception {
    // a noisy, rare positive class: weights move probabilities only where classes overlap
    java.util.Random r = new java.util.Random(11);
    int n = 2000;
    float[] x = new float[n * 3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i * 3 + j] = (float) r.nextGaussian();
      }
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(1.5 * x[i * 3] - 3))) ? 1 : 0;
    }
    TrainingSet rare = TrainingSet.of(x, n, 3, Datasets.names(3), y);
    double plain = meanProbability(learner, rare, "none");
    double weighted = meanProbability(learner, rare, "0:1,1:10");
    double balanced = meanProbability(learner, rare, "balanced");
    assertThat(weighted).isGreaterThan(plain + 0.02);
    assertThat(balanced).isGreaterThan(plain + 0.02);
  }

  private static double meanProbability(String learner, TrainingSet data, String classWeight) {
    try (Model model =
        Learners.create(learner, Task.binary(), Map.of("class_weight", classWeight))
            .fit(data, Optional.empty())) {
      double[] p = model.predict(data.features(), data.rows());
      return Arrays.stream(Datasets.column(p, 2, 1)).average().orElseThrow();
    }
  }
}
