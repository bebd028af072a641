package dev.kiln.learn;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.Task;
import dev.kiln.learn.trees.Ensemble;
import dev.kiln.learn.trees.Unsupported;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A LightGBM model and its text (LightGBM's portable format, saved as model.txt).
 *
 * <p>Predictions call LightGBM's C API directly rather than lightgbm4j's {@code predictForMat}:
 * lightgbm4j 4.3.0-1 sizes that output buffer for at most 2 values per row, so a multiclass batch
 * overruns it and corrupts the native heap, and it copies a batch into native memory one JNI call
 * per value. Every row goes through {@code LGBM_BoosterPredictForMatSingle}, which reads the Java
 * array in place, so a batch is exactly its rows predicted one by one.
 *
 * <p>That library path is the fallback: a model Kiln's own evaluator reads ({@link Ensemble}, the
 * same predictions without a native call per row) is predicted in Java and the native booster is
 * never loaded.
 */
final class LightGbmModel implements Model {
  static final String FILE = "model.txt";

  private final SWIGTYPE_p_void handle;
  private final SWIGTYPE_p_p_void handleOut;
  private final Ensemble ensemble;
  private final String evaluator;
  private final String text;
  private final ModelInfo info;
  private final int cols;
  private final int values;
  private volatile boolean closed;

  private LightGbmModel(
      SWIGTYPE_p_p_void handleOut,
      Ensemble ensemble,
      String evaluator,
      String text,
      ModelInfo info) {
    this.handleOut = handleOut;
    this.handle = handleOut == null ? null : lightgbmlib.voidpp_value(handleOut);
    this.ensemble = ensemble;
    this.evaluator = evaluator;
    this.text = text;
    this.info = info;
    this.cols = info.features().size();
    this.values = info.task().kind() == Task.Kind.MULTICLASS ? info.task().classes() : 1;
  }

  /**
   * The model of {@code text}, predicted by Kiln's evaluator when it reads the model, else by
   * LightGBM. A malformed text is a {@link UserException} that names the line.
   */
  static LightGbmModel fromText(String text, ModelInfo info) {
    if (!Evaluators.enabled()) {
      return library(text, info, Evaluators.DISABLED);
    }
    String why;
    try {
      Ensemble e = Ensemble.lightGbm(text);
      why = Evaluators.misfit(e, info);
      if (why == null) {
        return new LightGbmModel(null, e, "kiln: " + e, text, info);
      }
    } catch (Unsupported u) {
      why = u.getMessage();
    }
    return library(text, info, why);
  }

  /** The model predicted by LightGBM's own C API; {@code why} says why not by Kiln. */
  static LightGbmModel library(String text, ModelInfo info, String why) {
    return Native.call(
        LightGbm.NAME,
        "loading a model",
        () -> {
          LGBMBooster.loadNative();
          SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
          SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
          try {
            check(lightgbmlib.LGBM_BoosterLoadModelFromString(text, iterations, out));
          } finally {
            lightgbmlib.delete_intp(iterations);
          }
          return new LightGbmModel(out, null, "library: " + why, text, info);
        });
  }

  static LightGbmModel load(Path folder, String file, ModelInfo info) {
    try {
      return fromText(Files.readString(folder.resolve(file), StandardCharsets.UTF_8), info);
    } catch (UserException e) {
      throw new UserException(folder.resolve(file) + ": " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new UserException("LightGBM model file " + folder.resolve(file) + " does not exist");
    } catch (IOException e) {
      throw new SystemException("Could not read " + folder.resolve(file), e);
    }
  }

  /** Iterations kept: the model text's tree count divided by the trees per iteration. */
  static int trees(String text, Task task) {
    int count = 0;
    for (int at = text.indexOf("\nTree="); at >= 0; at = text.indexOf("\nTree=", at + 1)) {
      count++;
    }
    return task.kind() == Task.Kind.MULTICLASS ? count / task.classes() : count;
  }

  /** Which evaluator predicts: "kiln: …" or "library: " and why not Kiln's. */
  String evaluator() {
    return evaluator;
  }

  private static void check(int code) {
    if (code != 0) {
      throw new IllegalStateException(lightgbmlib.LGBM_GetLastError());
    }
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
    } else {
      predictAt(row, 0, out, 0);
    }
  }

  @Override
  public double[] predict(float[] features, int rows) {
    if (ensemble != null) {
      Checks.batchLength(features, rows, cols);
      return ensemble.predict(features, rows, cols);
    }
    return RowByRow.predict(features, rows, cols, info.task().outputs(), this::predictAt);
  }

  private void predictAt(float[] x, int offset, double[] out, int at) {
    if (closed) {
      throw new IllegalStateException("The LightGBM model was closed");
    }
    double[] row = new double[cols];
    for (int j = 0; j < cols; j++) {
      row[j] = x[offset + j];
    }
    SWIGTYPE_p_long_long length = lightgbmlib.new_int64_tp();
    SWIGTYPE_p_double result = lightgbmlib.new_doubleArray(values);
    try {
      int code =
          lightgbmlib.LGBM_BoosterPredictForMatSingle(
              row,
              handle,
              lightgbmlibConstants.C_API_DTYPE_FLOAT64,
              cols,
              1,
              lightgbmlibConstants.C_API_PREDICT_NORMAL,
              0,
              -1,
              "",
              length,
              result);
      if (code != 0) {
        throw new UserException(
            "Learner lightgbm failed while predicting: " + lightgbmlib.LGBM_GetLastError());
      }
      if (info.task().kind() == Task.Kind.BINARY) {
        double p = lightgbmlib.doubleArray_getitem(result, 0);
        out[at] = 1 - p;
        out[at + 1] = p;
      } else {
        for (int c = 0; c < values; c++) {
          out[at + c] = lightgbmlib.doubleArray_getitem(result, c);
        }
      }
    } finally {
      lightgbmlib.delete_doubleArray(result);
      lightgbmlib.delete_int64_tp(length);
    }
  }

  @Override
  public String save(Path folder) {
    try {
      Files.writeString(folder.resolve(FILE), text, StandardCharsets.UTF_8);
      return FILE;
    } catch (IOException e) {
      throw new SystemException("Could not write " + folder.resolve(FILE), e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (handleOut == null) {
        return;
      }
      lightgbmlib.LGBM_BoosterFree(handle);
      lightgbmlib.delete_voidpp(handleOut);
    }
  }
}
