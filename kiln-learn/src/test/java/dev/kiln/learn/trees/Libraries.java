package dev.kiln.learn.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** Test data, models trained through the libraries' own APIs, and their own predictions. */
final class Libraries {
  private Libraries() {}

  /** Row-major features and labels. */
  record Data(float[] x, int rows, int cols, float[] y) {
    float[] row(int i) {
      float[] r = new float[cols];
      System.arraycopy(x, i * cols, r, 0, cols);
      return r;
    }
  }

  /** A kiln-testing dataset: numeric columns, the last column the class (sorted names: 0, 1, …). */
  static Data csv(String name) throws Exception {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Libraries.class.getResourceAsStream("/datasets/" + name + ".csv"),
                StandardCharsets.UTF_8))) {
      in.readLine();
      for (String l = in.readLine(); l != null; l = in.readLine()) {
        if (!l.isBlank()) {
          lines.add(l.split(","));
        }
      }
    }
    TreeSet<String> classes = new TreeSet<>();
    lines.forEach(l -> classes.add(l[l.length - 1]));
    List<String> order = new ArrayList<>(classes);
    int cols = lines.get(0).length - 1;
    float[] x = new float[lines.size() * cols];
    float[] y = new float[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] l = lines.get(i);
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = Float.parseFloat(l[j]);
      }
      y[i] = order.indexOf(l[cols]);
    }
    return new Data(x, lines.size(), cols, y);
  }

  /** y = 3 x0 - 2 x1 + x2 x3 + noise; a fifth of x0 and x4 missing, a tenth of x5 exactly 0. */
  static Data regression(int n, long seed) {
    Random r = new Random(seed);
    int d = 6;
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) r.nextGaussian();
      }
      int o = i * d;
      y[i] = (float) (3 * x[o] - 2 * x[o + 1] + x[o + 2] * x[o + 3] + 0.3 * r.nextGaussian());
      if (r.nextInt(5) == 0) {
        x[o] = Float.NaN;
      }
      if (r.nextInt(5) == 0) {
        x[o + 4] = Float.NaN;
      }
      if (r.nextInt(10) == 0) {
        x[o + 5] = 0;
      }
    }
    return new Data(x, n, d, y);
  }

  /** A copy with {@code fraction} of the values in the even-numbered features set missing. */
  static Data withMissing(Data d, double fraction, long seed) {
    Random r = new Random(seed);
    float[] x = d.x().clone();
    for (int i = 0; i < x.length; i++) {
      if ((i % d.cols()) % 2 == 0 && r.nextDouble() < fraction) {
        x[i] = Float.NaN;
      }
    }
    return new Data(x, d.rows(), d.cols(), d.y());
  }

  /**
   * Rows that probe every split: a data row with the split's feature set exactly to the threshold,
   * to the floats either side of it, to NaN and to 0.
   */
  static Data probes(Data d, List<int[]> features, List<Float> thresholds) {
    int n = features.size() * 5;
    float[] x = new float[n * d.cols()];
    for (int s = 0; s < features.size(); s++) {
      int j = features.get(s)[0];
      float t = thresholds.get(s);
      float[] values = {t, Math.nextUp(t), Math.nextDown(t), Float.NaN, 0f};
      for (int v = 0; v < 5; v++) {
        int row = s * 5 + v;
        System.arraycopy(d.x(), (row % d.rows()) * d.cols(), x, row * d.cols(), d.cols());
        x[row * d.cols() + j] = values[v];
      }
    }
    return new Data(x, n, d.cols(), new float[n]);
  }

  // LightGBM -------------------------------------------------------------------------------

  static String lightGbm(Data d, String params, int iterations) throws Exception {
    LGBMBooster.loadNative();
    try (LGBMDataset data =
            LGBMDataset.createFromMat(d.x(), d.rows(), d.cols(), true, "verbosity=-1", null);
        LGBMBooster booster = createBooster(data, d, params)) {
      for (int i = 0; i < iterations; i++) {
        if (booster.updateOneIter()) {
          break;
        }
      }
      return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
    }
  }

  private static LGBMBooster createBooster(LGBMDataset data, Data d, String params)
      throws Exception {
    data.setField("label", d.y());
    return LGBMBooster.create(
        data, params + " num_threads=2 deterministic=true force_col_wise=true verbosity=-1 seed=7");
  }

  /** The splits' features (as int[1]) and thresholds (rounded to float) of a LightGBM text. */
  static void lightGbmSplits(String text, List<int[]> features, List<Float> thresholds) {
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("split_feature=") && lines[i].length() > "split_feature=".length()) {
        String[] f = lines[i].substring("split_feature=".length()).split(" ");
        String[] t = lines[i + 2].substring("threshold=".length()).split(" ");
        for (int k = 0; k < f.length; k++) {
          features.add(new int[] {Integer.parseInt(f[k])});
          thresholds.add(
              t[k].equals("inf") ? Float.POSITIVE_INFINITY : (float) Double.parseDouble(t[k]));
        }
      }
    }
  }

  /** LightGBM's predictions of every row: raw scores or outputs, {@code k} per row. */
  static double[] lightGbmPredict(String text, Data d, int k, boolean raw) {
    SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
    check(lightgbmlib.LGBM_BoosterLoadModelFromString(text, iterations, out));
    SWIGTYPE_p_void handle = lightgbmlib.voidpp_value(out);
    double[] all = new double[d.rows() * k];
    SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
    SWIGTYPE_p_double result = lightgbmlib.new_doubleArray(k);
    try {
      for (int i = 0; i < d.rows(); i++) {
        double[] row = new double[d.cols()];
        for (int j = 0; j < d.cols(); j++) {
          row[j] = d.x()[i * d.cols() + j];
        }
        check(
            lightgbmlib.LGBM_BoosterPredictForMatSingle(
                row,
                handle,
                lightgbmlibConstants.C_API_DTYPE_FLOAT64,
                d.cols(),
                1,
                raw
                    ? lightgbmlibConstants.C_API_PREDICT_RAW_SCORE
                    : lightgbmlibConstants.C_API_PREDICT_NORMAL,
                0,
                -1,
                "",
                length,
                result));
        for (int c = 0; c < k; c++) {
          all[i * k + c] = lightgbmlib.doubleArray_getitem(result, c);
        }
      }
    } finally {
      lightgbmlib.delete_doubleArray(result);
      lightgbmlib.delete_int64_tp(length);
      lightgbmlib.LGBM_BoosterFree(handle);
      lightgbmlib.delete_voidpp(out);
      lightgbmlib.delete_intp(iterations);
    }
    return all;
  }

  private static void check(int code) {
    if (code != 0) {
      throw new IllegalStateException(lightgbmlib.LGBM_GetLastError());
    }
  }

  // XGBoost --------------------------------------------------------------------------------

  static Booster xgBoost(Data d, Map<String, Object> params, int rounds) throws Exception {
    DMatrix m = new DMatrix(d.x(), d.rows(), d.cols(), Float.NaN);
    try {
      m.setLabel(d.y());
      Map<String, Object> p = new HashMap<>(params);
      p.put("tree_method", "hist");
      p.put("nthread", 2);
      p.put("seed", 7);
      p.put("verbosity", 0);
      return XGBoost.train(m, p, rounds, new HashMap<>(), null, null);
    } finally {
      m.dispose();
    }
  }

  static void xgBoostSplits(byte[] json, List<int[]> features, List<Float> thresholds)
      throws Exception {
    JsonNode trees = new ObjectMapper().readTree(json).at("/learner/gradient_booster/model/trees");
    for (JsonNode t : trees) {
      JsonNode left = t.get("left_children");
      for (int n = 0; n < left.size(); n++) {
        if (left.get(n).asInt() != -1) {
          features.add(new int[] {t.get("split_indices").get(n).asInt()});
          thresholds.add(Float.parseFloat(t.get("split_conditions").get(n).asText()));
        }
      }
    }
  }

  /** XGBoost's margins or outputs of every row, {@code k} per row (as floats). */
  static float[] xgBoostPredict(Booster b, Data d, int rounds, boolean margin) throws Exception {
    float[][] p =
        b.inplace_predict(
            d.x(),
            d.rows(),
            d.cols(),
            Float.NaN,
            new int[] {0, rounds},
            margin ? Booster.PredictionType.kMargin : Booster.PredictionType.kValue,
            null);
    int k = p[0].length;
    float[] all = new float[d.rows() * k];
    for (int i = 0; i < d.rows(); i++) {
      System.arraycopy(p[i], 0, all, i * k, k);
    }
    return all;
  }
}
