package dev.kiln.core.learn;

import dev.kiln.core.UserException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Dense numeric rows to learn from: features row-major in one {@code float[]} ({@code features[row
 * * cols + col]}, NaN = missing), labels (absent for clustering) and optional non-negative sample
 * weights.
 *
 * <p>Features are {@code float} because that is what both native engines take without a copy:
 * XGBoost's {@code DMatrix(float[], rows, cols, missing)} and LightGBM's {@code
 * createFromMat(float[], …, rowMajor)}; both bin features as 32-bit floats anyway. Labels are
 * {@code double} so regression targets and metrics keep full precision. The arrays are not copied:
 * do not change them after.
 */
public record TrainingSet(
    float[] features,
    int rows,
    int cols,
    List<String> featureNames,
    double[] labels,
    float[] weights) {

  public TrainingSet {
    if (features == null || featureNames == null) {
      throw new IllegalArgumentException("features and featureNames must not be null");
    }
    if (rows < 0 || cols < 1) {
      throw new UserException(
          "A training set needs at least one feature column but has " + cols + " columns");
    }
    if ((long) rows * cols != features.length) {
      throw new IllegalArgumentException(
          "features has " + features.length + " values but rows x cols is " + (long) rows * cols);
    }
    if (featureNames.size() != cols) {
      throw new IllegalArgumentException(
          featureNames.size() + " feature names for " + cols + " columns");
    }
    if (new HashSet<>(featureNames).size() != cols) {
      throw new UserException("Feature names must be unique but were " + featureNames);
    }
    featureNames = List.copyOf(featureNames);
    if (labels != null && labels.length != rows) {
      throw new IllegalArgumentException(labels.length + " labels for " + rows + " rows");
    }
    if (weights != null) {
      if (weights.length != rows) {
        throw new IllegalArgumentException(weights.length + " weights for " + rows + " rows");
      }
      for (int i = 0; i < rows; i++) {
        if (!(weights[i] >= 0) || Float.isInfinite(weights[i])) {
          throw new UserException(
              "Sample weight in row "
                  + i
                  + " is "
                  + weights[i]
                  + "; weights must be finite and >= 0");
        }
      }
    }
  }

  /** A labelled training set without sample weights. */
  public static TrainingSet of(
      float[] features, int rows, int cols, List<String> featureNames, double[] labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null; use unlabelled()");
    }
    return new TrainingSet(features, rows, cols, featureNames, labels, null);
  }

  /** A training set without labels, for clustering. */
  public static TrainingSet unlabelled(
      float[] features, int rows, int cols, List<String> featureNames) {
    return new TrainingSet(features, rows, cols, featureNames, null, null);
  }

  /** The same rows with these sample weights. */
  public TrainingSet withWeights(float[] sampleWeights) {
    return new TrainingSet(features, rows, cols, featureNames, labels, sampleWeights);
  }

  public boolean hasLabels() {
    return labels != null;
  }

  public boolean hasWeights() {
    return weights != null;
  }

  /** A copy of one row's features. */
  public float[] row(int row) {
    return Arrays.copyOfRange(features, row * cols, (row + 1) * cols);
  }

  @Override
  public String toString() {
    return "TrainingSet[" + rows + " rows x " + cols + " features]";
  }
}
