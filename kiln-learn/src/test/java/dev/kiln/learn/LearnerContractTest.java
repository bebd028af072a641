package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every learner promises, each run with the real library on real or generated data. */
class LearnerContractTest {

  /** A learner on a task and its data, split into training and holdout rows. */
  record Case(String learner, Task task, Map<String, Object> params, TrainingSet[] data) {
    @Override
    public String toString() {
      return learner + " " + task;
    }
  }

  static Stream<Arguments> cases() throws Exception {
    TrainingSet[] cancer = Datasets.split(Datasets.breastCancer(), 0.3, 1);
    TrainingSet[] scaled = Datasets.split(Datasets.standardized(Datasets.breastCancer()), 0.3, 1);
    TrainingSet[] multi = Datasets.split(Datasets.multiclass(1500, 2), 0.3, 2);
    TrainingSet[] reg = Datasets.split(Datasets.regression(2000, 3), 0.3, 3);
    TrainingSet[] blobs = Datasets.split(Datasets.blobs(600, 4, 4), 0.3, 4);
    Map<String, Object> lgb =
        Map.of("bagging_fraction", 0.8, "bagging_freq", 1, "feature_fraction", 0.8);
    Map<String, Object> xgb = Map.of("subsample", 0.8, "colsample_bytree", 0.8, "eta", 0.1);
    List<Case> all =
        List.of(
            new Case("lightgbm", Task.binary(), lgb, cancer),
            new Case("lightgbm", Task.multiclass(3), lgb, multi),
            new Case("lightgbm", Task.regression(), lgb, reg),
            new Case("xgboost", Task.binary(), xgb, cancer),
            new Case("xgboost", Task.multiclass(3), xgb, multi),
            new Case("xgboost", Task.regression(), xgb, reg),
            new Case("logistic", Task.binary(), Map.of(), scaled),
            new Case("logistic", Task.multiclass(3), Map.of(), multi),
            new Case("linear", Task.regression(), Map.of(), reg),
            new Case("kmeans", Task.clustering(), Map.of("k", 4), blobs));
    return all.stream().map(Arguments::of);
  }

  private static Model fit(Case c) {
    return Learners.create(c.learner(), c.task(), c.params()).fit(c.data()[0], Optional.empty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void beatsATrivialBaselineOnTheHoldoutByAClearMargin(Case c) {
    TrainingSet test = c.data()[1];
    try (Model model = fit(c)) {
      double[] p = model.predict(test.features(), test.rows());
      switch (c.task().kind()) {
        case BINARY:
          // a constant score has AUC 0.5
          assertThat(Datasets.auc(test.labels(), Datasets.column(p, 2, 1))).isGreaterThan(0.95);
          break;
        case MULTICLASS:
          // the majority class is right about a third of the time
          assertThat(Datasets.accuracy(test.labels(), p, 3)).isGreaterThan(0.6);
          break;
        case REGRESSION:
          // predicting the mean has R² 0
          assertThat(Datasets.r2(test.labels(), p)).isGreaterThan(0.8);
          break;
        default:
          // each blob lands in one cluster: purity near 1 where a single cluster scores 1/4
          assertThat(purity(test.labels(), p, 4)).isGreaterThan(0.95);
      }
    }
  }

  private static double purity(double[] blobs, double[] clusters, int k) {
    int[][] counts = new int[k][k];
    for (int i = 0; i < blobs.length; i++) {
      counts[(int) clusters[i]][(int) blobs[i]]++;
    }
    int right = 0;
    for (int[] row : counts) {
      right += java.util.Arrays.stream(row).max().orElse(0);
    }
    return (double) right / blobs.length;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSameSeedGivesTheSameModelFileTwice(Case c, @TempDir Path dir) throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    String fileA;
    String fileB;
    try (Model first = fit(c);
        Model second = fit(c)) {
      fileA = first.save(a);
      fileB = second.save(b);
    }
    assertThat(fileB).isEqualTo(fileA);
    assertThat(Files.readAllBytes(b.resolve(fileB)))
        .isEqualTo(Files.readAllBytes(a.resolve(fileA)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aSavedModelLoadsBackToIdenticalPredictions(Case c, @TempDir Path dir) {
    TrainingSet test = c.data()[1];
    try (Model model = fit(c)) {
      String file = model.save(dir);
      try (Model loaded = Learners.load(dir, file, model.info())) {
        assertThat(loaded.predict(test.features(), test.rows()))
            .isEqualTo(model.predict(test.features(), test.rows()));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void singleRowPredictionsEqualBatchPredictionsExactly(Case c) {
    TrainingSet test = c.data()[1];
    int k = c.task().outputs();
    try (Model model = fit(c)) {
      double[] batch = model.predict(test.features(), test.rows());
      double[] one = new double[k];
      for (int i = 0; i < test.rows(); i++) {
        model.predict(test.row(i), one);
        for (int j = 0; j < k; j++) {
          assertThat(one[j]).as("row %d output %d", i, j).isEqualTo(batch[i * k + j]);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void predictsFromManyThreadsAtOnceAsFromOne(Case c) throws Exception {
    TrainingSet test = c.data()[1];
    int k = c.task().outputs();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Model model = fit(c)) {
      double[] expected = model.predict(test.features(), test.rows());
      List<Future<double[]>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  double[] got = new double[test.rows() * k];
                  double[] one = new double[k];
                  for (int i = 0; i < test.rows(); i++) {
                    model.predict(test.row(i), one);
                    System.arraycopy(one, 0, got, i * k, k);
                  }
                  return got;
                }));
      }
      for (Future<double[]> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void recordsLibraryVersionAndEveryEffectiveParameter(Case c) {
    try (Model model = fit(c)) {
      assertThat(model.info().learner()).isEqualTo(c.learner());
      assertThat(model.info().libraryVersion()).isNotBlank().isNotEqualTo("unknown");
      assertThat(model.info().params().keySet())
          .containsExactlyInAnyOrderElementsOf(
              Learners.params(c.learner()).stream().map(s -> s.name()).toList());
      c.params()
          .forEach((name, value) -> assertThat(model.info().params()).containsEntry(name, value));
      assertThat(model.info().features()).isEqualTo(c.data()[0].featureNames());
    }
  }
}
