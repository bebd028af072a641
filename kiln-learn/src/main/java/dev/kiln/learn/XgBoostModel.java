package dev.kiln.learn;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.Task;
import dev.kiln.learn.trees.Ensemble;
import dev.kiln.learn.trees.Unsupported;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * An XGBoost booster, saved as UBJSON (XGBoost's portable binary JSON, model.ubj).
 *
 * <p>Predictions go through Kiln's own evaluator ({@link Ensemble}, read from the model file or the
 * booster's JSON) when it reads the model, else through {@code inplace_predict}: the evaluator
 * avoids a native call and XGBoost's per-call set-up, which dominate a single row.
 */
final class XgBoostModel implements Model {
  static final String FILE = "model.ubj";

  private final ModelInfo info;
  private final int cols;
  private final int[] rounds;
  private final Ensemble ensemble;
  private final String evaluator;

  /** The model file a loaded model was read from; null for a model trained in this process. */
  private final byte[] file;

  /** XGBoost's booster: given when trained, else loaded from {@link #file} when first needed. */
  private Booster booster;

  private boolean closed;

  XgBoostModel(Booster booster, ModelInfo info) {
    this(booster, info, true);
  }

  /** With {@code kiln} false, always predicts through XGBoost (tests and benchmarks compare). */
  XgBoostModel(Booster booster, ModelInfo info, boolean kiln) {
    this.booster = booster;
    this.file = null;
    this.info = info;
    this.cols = info.features().size();
    this.rounds = new int[] {0, info.iterations()};
    Ensemble e = null;
    String why = "not asked for";
    if (kiln && Evaluators.enabled()) {
      try {
        byte[] json =
            Native.call(XgBoost.NAME, "reading a model", () -> booster.toByteArray("json"));
        e = Ensemble.xgBoost(json, info.iterations());
        why = Evaluators.misfit(e, info);
      } catch (Unsupported u) {
        why = u.getMessage();
      }
    } else if (kiln) {
      why = Evaluators.DISABLED;
    }
    this.ensemble = why == null ? e : null;
    this.evaluator = why == null ? "kiln: " + e : "library: " + why;
  }

  /** A model read from its file by Kiln's evaluator, with XGBoost itself not loaded. */
  private XgBoostModel(byte[] file, Ensemble ensemble, ModelInfo info) {
    this.file = file;
    this.info = info;
    this.cols = info.features().size();
    this.rounds = new int[] {0, info.iterations()};
    this.ensemble = ensemble;
    this.evaluator = "kiln: " + ensemble;
  }

  /** The booster, loaded from the model file on first use. */
  synchronized Booster booster() {
    if (closed) {
      throw new IllegalStateException("the XGBoost model is closed");
    }
    if (booster == null) {
      booster = Native.call(XgBoost.NAME, "loading a model", () -> XGBoost.loadModel(file));
    }
    return booster;
  }

  /** Which evaluator predicts: "kiln: …" or "library: " and why not Kiln's. */
  String evaluator() {
    return evaluator;
  }

  static String version() {
    return Versions.of(Booster.class, "ml.dmlc", "xgboost4j_2.12");
  }

  /**
   * The model in {@code folder/file}. Kiln's evaluator reads the UBJSON file itself when it can, so
   * XGBoost's native library is loaded only for a model it cannot evaluate (or to save a copy).
   */
  static XgBoostModel load(Path folder, String file, ModelInfo info) {
    Path path = folder.resolve(file);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new UserException("XGBoost model file " + path + " does not exist");
    } catch (IOException e) {
      throw new SystemException("Could not read " + path, e);
    }
    if (Evaluators.enabled() && file.endsWith(".ubj")) {
      try {
        Ensemble e = Ensemble.xgBoostUbj(bytes, info.iterations());
        if (Evaluators.misfit(e, info) == null) {
          return new XgBoostModel(bytes, e, info);
        }
      } catch (Unsupported u) {
        // the library reads it, and says why Kiln's evaluator does not
      }
    }
    Booster b = Native.call(XgBoost.NAME, "loading " + path, () -> XGBoost.loadModel(bytes));
    return new XgBoostModel(b, info);
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public void predict(float[] row, double[] out) {
    Checks.rowLength(row, cols);
    if (ensemble != null) {
      ensemble.predict(row, 0, out, 0);
      return;
    }
    double[] p = predictRows(row, 1);
    System.arraycopy(p, 0, out, 0, p.length);
  }

  @Override
  public double[] predict(float[] features, int rows) {
    Checks.batchLength(features, rows, cols);
    if (ensemble != null) {
      return ensemble.predict(features, rows, cols);
    }
    return rows == 0 ? new double[0] : predictRows(features, rows);
  }

  // inplace_predict reads the float[] directly (no DMatrix) and is thread-safe for tree models
  private double[] predictRows(float[] features, int rows) {
    float[][] raw =
        Native.call(
            XgBoost.NAME,
            "predicting",
            () -> booster().inplace_predict(features, rows, cols, Float.NaN, rounds));
    Task task = info.task();
    int k = task.outputs();
    double[] out = new double[rows * k];
    for (int i = 0; i < rows; i++) {
      if (task.kind() == Task.Kind.BINARY) {
        double p = raw[i][0];
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      } else {
        for (int c = 0; c < k; c++) {
          out[i * k + c] = raw[i][c];
        }
      }
    }
    return out;
  }

  @Override
  public String save(Path folder) {
    Path path = folder.resolve(FILE);
    byte[] bytes =
        file != null
            ? file
            : Native.call(XgBoost.NAME, "saving a model", () -> booster.toByteArray("ubj"));
    try {
      Files.write(path, bytes);
      return FILE;
    } catch (IOException e) {
      throw new SystemException("Could not write " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (booster != null) {
      booster.dispose();
      booster = null;
    }
  }
}
