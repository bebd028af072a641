package dev.kiln.learn;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.lang.reflect.Constructor;
import java.util.stream.IntStream;

/**
 * Builds LightGBM datasets from row-major floats. lightgbm4j's {@code createFromMat} copies the
 * matrix into native memory one JNI call per value on one thread (about 1.6 s of a 800k x 30
 * training); here the same calls are spread over the cores, and the native copy is freed as soon as
 * LightGBM has binned it.
 */
final class LightGbmDatasets {
  private static final Constructor<LGBMDataset> WRAP = wrapper();

  private LightGbmDatasets() {}

  static LGBMDataset fromRows(float[] x, int rows, int cols, String params, LGBMDataset reference)
      throws Exception {
    LGBMBooster.loadNative();
    long n = (long) rows * cols;
    SWIGTYPE_p_float buffer = lightgbmlib.new_floatArray(n);
    SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
    try {
      int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
      IntStream.range(0, workers)
          .parallel()
          .forEach(
              w -> {
                for (long i = n * w / workers, end = n * (w + 1) / workers; i < end; i++) {
                  lightgbmlib.floatArray_setitem(buffer, i, x[(int) i]);
                }
              });
      int code =
          lightgbmlib.LGBM_DatasetCreateFromMat(
              lightgbmlib.float_to_voidp_ptr(buffer),
              lightgbmlibConstants.C_API_DTYPE_FLOAT32,
              rows,
              cols,
              1,
              params,
              reference == null ? null : reference.handle,
              out);
      if (code != 0) {
        throw new IllegalStateException(lightgbmlib.LGBM_GetLastError());
      }
      return WRAP.newInstance(lightgbmlib.voidpp_value(out));
    } finally {
      lightgbmlib.delete_voidpp(out);
      lightgbmlib.delete_floatArray(buffer);
    }
  }

  // lightgbm4j wraps a dataset handle only through a package-private constructor
  private static Constructor<LGBMDataset> wrapper() {
    try {
      Constructor<LGBMDataset> c = LGBMDataset.class.getDeclaredConstructor(SWIGTYPE_p_void.class);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
