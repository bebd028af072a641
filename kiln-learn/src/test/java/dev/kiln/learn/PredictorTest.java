package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.bundle.BundleManifest;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ModelLoaders;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.transform.FeatureMatrix;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.split.SplitResult;
import dev.kiln.data.split.Splitter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model trained through the feature pipeline, written as a bundle and loaded by {@link Predictor}
 * (finding its learner's loader as a service) predicts exactly what the model in memory predicted,
 * row by row and in batches.
 */
class PredictorTest {
  @TempDir Path dir;

  private Frame dataset(String name) throws Exception {
    Path file = dir.resolve(name + ".csv");
    try (InputStream in = PredictorTest.class.getResourceAsStream("/datasets/" + name + ".csv")) {
      Files.copy(in, file);
    }
    return new FileSource(file).read();
  }

  @ParameterizedTest
  @CsvSource({
    "breast_cancer, diagnosis, lightgbm, bc.kiln",
    "breast_cancer, diagnosis, xgboost, bc-xgb",
    "breast_cancer, diagnosis, logistic, bc-logistic.kiln",
    "wine, cultivar, lightgbm, wine",
    "wine, cultivar, logistic, wine-logistic.kiln"
  })
  void bundledModelPredictsExactlyAsTheModelInMemory(
      String data, String target, String learner, String bundleName) throws Exception {
    Frame frame = dataset(data);
    SplitResult split = Splitter.of("stratified:" + target, 0.25, 7).apply(frame);
    Frame train = frame.take(split.train());
    Frame test = frame.take(split.test());
    List<String> classes = List.copyOf(new TreeSet<>(values(train, target)));
    double[] labels = labels(train, target, classes);
    Pipeline.Fitted fitted =
        Pipeline.defaults(train.schema(), target).fitTransform(train, labels, 42);
    FeatureMatrix x = fitted.training();
    Task task = classes.size() == 2 ? Task.binary() : Task.multiclass(classes.size());
    Model model =
        Learners.create(learner, task, Map.of())
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), labels),
                java.util.Optional.empty());
    double[] inMemory =
        model.predict(fitted.pipeline().transform(test).toFloats(), test.rowCount());

    Path bundle = dir.resolve(bundleName);
    BundleManifest written =
        ModelBundle.of(data, fitted.pipeline(), model).target(target, classes).write(bundle);
    assertThat(written.outputs()).first().isEqualTo("prediction");
    assertThat(written.outputs()).hasSize(classes.size() + 1);

    try (Predictor p = Predictor.load(bundle)) {
      assertThat(p.classes()).isEqualTo(classes);
      assertThat(p.width()).isEqualTo(classes.size());
      double[] batch = p.predict(test);
      assertThat(batch).containsExactly(inMemory);
      double[] one = new double[p.width()];
      int correct = 0;
      for (int r = 0; r < test.rowCount(); r++) {
        Object[] row = new Object[p.inputNames().size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = test.column(p.inputNames().get(i)).get(r);
        }
        p.predict(row, one);
        for (int c = 0; c < one.length; c++) {
          assertThat(Double.doubleToRawLongBits(one[c]))
              .as("row %d class %d", r, c)
              .isEqualTo(Double.doubleToRawLongBits(batch[r * one.length + c]));
        }
        if (p.label(one, 0).equals(String.valueOf(test.column(target).get(r)))) {
          correct++;
        }
      }
      assertThat((double) correct / test.rowCount()).as("holdout accuracy").isGreaterThan(0.85);
    }
  }

  @Test
  void aLearnerWithoutALoaderOnTheClasspathIsNamed() {
    ModelInfo info =
        new ModelInfo("onnx", "onnxruntime", "1.20", Task.binary(), List.of("x"), Map.of(), 0);
    assertThatThrownBy(() -> ModelLoaders.load(dir, "model.onnx", info))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("no model loader for learner 'onnx'")
        .hasMessageContaining("lightgbm");
  }

  private static List<String> values(Frame f, String column) {
    return java.util.stream.IntStream.range(0, f.rowCount())
        .mapToObj(i -> String.valueOf(f.column(column).get(i)))
        .toList();
  }

  private static double[] labels(Frame f, String column, List<String> classes) {
    double[] y = new double[f.rowCount()];
    for (int i = 0; i < y.length; i++) {
      y[i] = classes.indexOf(String.valueOf(f.column(column).get(i)));
    }
    return y;
  }
}
