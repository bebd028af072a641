package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LightGBM and XGBoost models predict through Kiln's tree evaluator, giving what the library's own
 * predictor gives (LibraryAgreementTest holds the details), and fall back to the library for a
 * model the evaluator does not read.
 */
class TreeEvaluatorTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"lightgbm, binary", "lightgbm, multiclass", "xgboost, binary", "xgboost, multiclass"})
  void trainedAndLoadedTreeModelsPredictThroughKilnsEvaluatorAsTheLibraryDoes(
      String learner, String kind) throws Exception {
    TrainingSet data =
        kind.equals("binary") ? Datasets.breastCancer() : Datasets.multiclass(600, 11);
    Task task = kind.equals("binary") ? Task.binary() : Task.multiclass(3);
    try (Model model = Learners.create(learner, task, Map.of()).fit(data, Optional.empty());
        Model loaded = Learners.load(dir, model.save(dir), model.info());
        Model library = library(learner, model)) {
      assertThat(evaluator(model)).startsWith("kiln: ");
      assertThat(evaluator(loaded)).startsWith("kiln: ");
      assertThat(evaluator(library)).startsWith("library: ");
      float[] x = data.features();
      double[] ours = model.predict(x, data.rows());
      assertThat(loaded.predict(x, data.rows())).isEqualTo(ours);
      double[] theirs = library.predict(x, data.rows());
      int k = task.outputs();
      double[] row = new double[k];
      for (int i = 0; i < data.rows(); i++) {
        model.predict(java.util.Arrays.copyOfRange(x, i * data.cols(), (i + 1) * data.cols()), row);
        for (int c = 0; c < k; c++) {
          assertThat(row[c]).isEqualTo(ours[i * k + c]);
          assertThat(ours[i * k + c]).isCloseTo(theirs[i * k + c], within(learner));
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(String learner) {
    // 4 float ulps at 1 for XGBoost's float outputs, 1e-12 for LightGBM's doubles
    return org.assertj.core.data.Offset.offset(learner.equals("xgboost") ? 4 * 0x1p-23 : 1e-12);
  }

  private Model library(String learner, Model model) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("library"));
    String file = model.save(folder);
    if (learner.equals("lightgbm")) {
      String text = Files.readString(folder.resolve(file));
      return LightGbmModel.library(text, model.info(), "asked for by the test");
    }
    XgBoostModel loaded = XgBoostModel.load(folder, file, model.info());
    return new XgBoostModel(loaded.booster(), model.info(), false);
  }

  private static String evaluator(Model m) {
    return m instanceof LightGbmModel
        ? ((LightGbmModel) m).evaluator()
        : ((XgBoostModel) m).evaluator();
  }

  @Test
  void aLightGbmModelWithCategoricalSplitsFallsBackToLightGbmAndSaysWhy() throws Exception {
    Random r = new Random(3);
    int n = 500;
    float[] x = new float[n * 2];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = r.nextInt(6);
      x[2 * i + 1] = (float) r.nextGaussian();
      y[i] = (x[2 * i] == 2 || x[2 * i] == 4) ^ (x[2 * i + 1] > 0.5) ? 1 : 0;
    }
    String text;
    LGBMBooster.loadNative();
    try (LGBMDataset ds =
            LGBMDataset.createFromMat(x, n, 2, true, "categorical_feature=0 verbosity=-1", null);
        LGBMBooster b = create(ds, y)) {
      for (int i = 0; i < 20; i++) {
        b.updateOneIter();
      }
      text = b.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
    }
    assertThat(text).contains("cat_threshold=");
    ModelInfo info =
        new ModelInfo(
            "lightgbm", "lightgbm4j", "test", Task.binary(), List.of("c", "v"), Map.of(), 20);
    try (LightGbmModel model = LightGbmModel.fromText(text, info);
        LightGbmModel library = LightGbmModel.library(text, info, "asked for by the test")) {
      assertThat(model.evaluator())
          .isEqualTo("library: tree 0 has categorical splits (num_cat > 0)");
      assertThat(model.predict(x, n)).isEqualTo(library.predict(x, n));
      double auc = Datasets.auc(toDouble(y), positive(model.predict(x, n)));
      assertThat(auc).isGreaterThan(0.9);
    }
  }

  private static LGBMBooster create(LGBMDataset ds, float[] y) throws Exception {
    ds.setField("label", y);
    return LGBMBooster.create(ds, "objective=binary num_leaves=7 verbosity=-1 num_threads=1");
  }

  @Test
  void theKilnTreesPropertyMakesModelsPredictThroughTheirLibrary() throws Exception {
    System.setProperty(Evaluators.PROPERTY, "library");
    try (Model model =
        Learners.create("xgboost", Task.binary(), Map.of("num_boost_round", "5"))
            .fit(Datasets.breastCancer(), Optional.empty())) {
      assertThat(evaluator(model)).isEqualTo("library: " + Evaluators.DISABLED);
    } finally {
      System.clearProperty(Evaluators.PROPERTY);
    }
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  private static double[] positive(double[] p) {
    double[] d = new double[p.length / 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = p[2 * i + 1];
    }
    return d;
  }
}
