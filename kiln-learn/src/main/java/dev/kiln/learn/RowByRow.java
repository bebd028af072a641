package dev.kiln.learn;

/** Batch prediction for libraries whose fast path predicts one row at a time. */
final class RowByRow {
  /** Predicts the row starting at {@code offset} of {@code x} into {@code out} at {@code at}. */
  @FunctionalInterface
  interface Into {
    void predict(float[] x, int offset, double[] out, int at);
  }

  private RowByRow() {}

  static double[] predict(float[] features, int rows, int cols, int outputs, Into row) {
    Checks.batchLength(features, rows, cols);
    double[] out = new double[rows * outputs];
    for (int i = 0; i < rows; i++) {
      row.predict(features, i * cols, out, i * outputs);
    }
    return out;
  }
}
