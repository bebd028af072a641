package dev.kiln.core.transform;

import java.util.Arrays;
import java.util.List;

/**
 * Features as a dense row-major matrix of doubles: row {@code r}, feature {@code f} is at {@code r
 * * columns + f}. Doubles because liblinear and LightGBM take them as they are, integers and
 * timestamps up to 2^53 stay exact, and a float copy for XGBoost is one cheap pass.
 */
public record FeatureMatrix(double[] values, int rows, int columns, List<String> names) {
  public FeatureMatrix {
    names = List.copyOf(names);
    if (values.length != (long) rows * columns || names.size() != columns) {
      throw new IllegalArgumentException(
          values.length
              + " values for "
              + rows
              + " x "
              + columns
              + " and "
              + names.size()
              + " names");
    }
  }

  public double get(int row, int feature) {
    return values[row * columns + feature];
  }

  /** A copy of one row's features. */
  public double[] row(int row) {
    return Arrays.copyOfRange(values, row * columns, (row + 1) * columns);
  }

  /** The same values as floats (rounded to nearest), for learners that take float32. */
  public float[] toFloats() {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
