package dev.kiln.learn.trees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.learn.trees.Libraries.Data;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;

/**
 * Kiln's evaluator predicts what LightGBM and XGBoost predict, on real data with missing values and
 * on rows set exactly at (and one float either side of) every split threshold.
 *
 * <p>Raw margins are bit-identical: the same comparisons and the same sums in the same order. After
 * the link the libraries call C's {@code exp}/{@code expf} and Java calls {@code Math.exp}; both
 * are within an ulp of the true value but may round differently, so probabilities are allowed 1e-12
 * relative for LightGBM (double) and 4 float ulps for XGBoost (float). Measured on these models:
 * one output in a few thousand differs, by 1 double ulp (LightGBM) or 2 float ulps (XGBoost);
 * margins and all other outputs are bit-identical.
 */
class LibraryAgreementTest {
  private static final String LIGHTGBM = "num_leaves=15 learning_rate=0.1 min_data_in_leaf=5";

  @Test
  void lightGbmBinaryModelAgreesWithLightGbmOnRowsWithMissingValuesAndAtThresholds()
      throws Exception {
    Data d = Libraries.withMissing(Libraries.csv("breast_cancer"), 0.1, 1);
    checkLightGbm(d, Libraries.lightGbm(d, "objective=binary " + LIGHTGBM, 60), 1);
  }

  @Test
  void lightGbmMulticlassModelAgreesWithLightGbm() throws Exception {
    Data d = Libraries.withMissing(Libraries.csv("wine"), 0.1, 2);
    checkLightGbm(d, Libraries.lightGbm(d, "objective=multiclass num_class=3 " + LIGHTGBM, 40), 3);
  }

  @Test
  void lightGbmRegressionModelAgreesWithLightGbmWithNanAndZeroAsMissing() throws Exception {
    Data d = Libraries.regression(3000, 3);
    checkLightGbm(d, Libraries.lightGbm(d, "objective=regression " + LIGHTGBM, 80), 1);
    checkLightGbm(
        d, Libraries.lightGbm(d, "objective=regression zero_as_missing=true " + LIGHTGBM, 80), 1);
  }

  @Test
  void xgBoostBinaryModelAgreesWithXgBoostOnRowsWithMissingValuesAndAtThresholds()
      throws Exception {
    Data d = Libraries.withMissing(Libraries.csv("breast_cancer"), 0.1, 4);
    checkXgBoost(d, Map.of("objective", "binary:logistic", "max_depth", 5), 60, 1);
  }

  @Test
  void xgBoostMulticlassModelAgreesWithXgBoost() throws Exception {
    Data d = Libraries.withMissing(Libraries.csv("wine"), 0.1, 5);
    checkXgBoost(d, Map.of("objective", "multi:softprob", "num_class", 3, "max_depth", 4), 40, 3);
  }

  @Test
  void xgBoostRegressionModelAgreesWithXgBoostAndHonoursTheRoundsKept() throws Exception {
    Data d = Libraries.regression(3000, 6);
    checkXgBoost(d, Map.of("objective", "reg:squarederror", "max_depth", 6), 80, 1);
    checkXgBoost(d, Map.of("objective", "reg:squarederror", "max_depth", 6), 80, 1, 35);
  }

  private static void checkLightGbm(Data train, String text, int k) throws Exception {
    Ensemble e = Ensemble.lightGbm(text);
    List<int[]> features = new ArrayList<>();
    List<Float> thresholds = new ArrayList<>();
    Libraries.lightGbmSplits(text, features, thresholds);
    assertThat(features).isNotEmpty();
    for (Data d : List.of(train, Libraries.probes(train, features, thresholds))) {
      double[] raw = Libraries.lightGbmPredict(text, d, k, true);
      double[] out = Libraries.lightGbmPredict(text, d, k, false);
      double[] ours = e.predict(d.x(), d.rows(), d.cols());
      assertThat(ours).isEqualTo(e.predictRowByRow(d.x(), d.rows(), d.cols()));
      double[] margins = new double[k];
      int width = e.outputs();
      double maxUlps = 0;
      int differ = 0;
      int total = 0;
      for (int i = 0; i < d.rows(); i++) {
        e.margins(d.x(), i * d.cols(), margins, 0);
        for (int c = 0; c < k; c++) {
          assertThat(margins[c]).as("row %d margin %d", i, c).isEqualTo(raw[i * k + c]);
          double expected = out[i * k + c];
          double actual = ours[i * width + (width == 2 ? 1 : c)];
          double ulps = Math.abs(actual - expected) / Math.ulp(expected);
          maxUlps = Math.max(maxUlps, ulps);
          differ += ulps > 0 ? 1 : 0;
          total++;
        }
      }
      System.out.printf(
          "LightGBM %d: %d of %d outputs differ, at most %.0f ulps%n", k, differ, total, maxUlps);
      assertThat(maxUlps * Math.ulp(1.0)).as("relative difference").isLessThanOrEqualTo(1e-12);
    }
  }

  private static void checkXgBoost(Data d, Map<String, Object> params, int rounds, int k)
      throws Exception {
    checkXgBoost(d, params, rounds, k, rounds);
  }

  private static void checkXgBoost(
      Data train, Map<String, Object> params, int rounds, int k, int kept) throws Exception {
    Booster b = Libraries.xgBoost(train, params, rounds);
    try {
      byte[] json = b.toByteArray("json");
      Ensemble e = Ensemble.xgBoost(json, kept);
      assertThat(e.trees()).isEqualTo(kept * k);
      // the model file read without the library gives the same evaluator
      Ensemble fromFile = Ensemble.xgBoostUbj(b.toByteArray("ubj"), kept);
      assertThat(fromFile.trees()).isEqualTo(e.trees());
      List<int[]> features = new ArrayList<>();
      List<Float> thresholds = new ArrayList<>();
      Libraries.xgBoostSplits(json, features, thresholds);
      for (Data d : List.of(train, Libraries.probes(train, features, thresholds))) {
        float[] raw = Libraries.xgBoostPredict(b, d, kept, true);
        float[] out = Libraries.xgBoostPredict(b, d, kept, false);
        double[] ours = e.predict(d.x(), d.rows(), d.cols());
        assertThat(ours).isEqualTo(e.predictRowByRow(d.x(), d.rows(), d.cols()));
        assertThat(fromFile.predict(d.x(), d.rows(), d.cols())).isEqualTo(ours);
        double[] margins = new double[k];
        int width = e.outputs();
        double maxUlps = 0;
        int differ = 0;
        int total = 0;
        for (int i = 0; i < d.rows(); i++) {
          e.margins(d.x(), i * d.cols(), margins, 0);
          for (int c = 0; c < k; c++) {
            assertThat(margins[c]).as("row %d margin %d", i, c).isEqualTo(raw[i * k + c]);
            float expected = out[i * k + c];
            double actual = ours[i * width + (width == 2 ? 1 : c)];
            assertThat(actual).as("row %d output %d is a float", i, c).isEqualTo((float) actual);
            double ulps = Math.abs(actual - expected) / Math.ulp(expected);
            maxUlps = Math.max(maxUlps, ulps);
            differ += ulps > 0 ? 1 : 0;
            total++;
          }
        }
        System.out.printf(
            "XGBoost %s: %d of %d outputs differ, at most %.0f ulps%n",
            params, differ, total, maxUlps);
        assertThat(maxUlps).as("float ulps from XGBoost's outputs").isLessThanOrEqualTo(4);
      }
    } finally {
      b.dispose();
    }
  }
}
