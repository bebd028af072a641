package dev.kiln.core.learn;

import java.nio.file.Path;

/**
 * A fitted model. Predictions are thread-safe. For a classifier they are one probability per class,
 * for a regressor the number, for a clusterer the nearest cluster's index ({@link Task#outputs()}
 * numbers per row).
 */
public interface Model extends AutoCloseable {

  /** The learner, library, version, task, features and effective parameters: provenance. */
  ModelInfo info();

  /** Predicts one row of {@code info().features().size()} values into {@code out}. */
  void predict(float[] row, double[] out);

  /**
   * Predicts {@code rows} rows given row-major; returns {@code rows * outputs} numbers, row-major.
   * Equal, bit for bit, to predicting each row alone.
   */
  double[] predict(float[] features, int rows);

  /**
   * Writes the library's own portable file into {@code folder} and returns its file name. Load it
   * back with the adapter module's loader and this model's {@link #info()}.
   */
  String save(Path folder);

  /** Frees native memory, if the library holds any. Predicting after closing is an error. */
  @Override
  default void close() {}
}
