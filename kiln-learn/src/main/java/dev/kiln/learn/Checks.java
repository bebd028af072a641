package dev.kiln.learn;

import dev.kiln.core.UserException;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.util.Optional;

/** The checks every learner makes on its data before handing it to a library. */
final class Checks {
  private Checks() {}

  /** Labels fit the task, there are enough rows, and a validation set has the same features. */
  static void data(
      String learner, Task task, TrainingSet train, Optional<TrainingSet> validation, int minRows) {
    if (train.rows() < minRows) {
      throw new UserException(
          "Learner "
              + learner
              + " needs at least "
              + minRows
              + " training rows but got "
              + train.rows());
    }
    task.checkLabels(train.labels());
    if (validation.isPresent()) {
      TrainingSet v = validation.get();
      if (!v.featureNames().equals(train.featureNames())) {
        throw new UserException(
            "The validation set's features "
                + v.featureNames()
                + " differ from the training set's "
                + train.featureNames());
      }
      if (v.rows() < 1) {
        throw new UserException("The validation set has no rows");
      }
      if (task.kind() != Task.Kind.CLUSTERING) {
        if (v.labels() == null) {
          throw new UserException("The validation set has no labels");
        }
        for (int i = 0; i < v.rows(); i++) {
          double y = v.labels()[i];
          boolean ok =
              Double.isFinite(y)
                  && (!task.isClassification()
                      || (y == Math.rint(y) && y >= 0 && y < task.classes()));
          if (!ok) {
            throw new UserException(
                "Validation label in row "
                    + i
                    + " is "
                    + y
                    + " which a "
                    + task
                    + " task cannot take");
          }
        }
      }
    }
  }

  /** Refuses missing values, for learners that cannot use them. */
  static void noMissing(String learner, TrainingSet data) {
    float[] x = data.features();
    for (int i = 0; i < x.length; i++) {
      if (Float.isNaN(x[i])) {
        throw new UserException(
            "Learner "
                + learner
                + " cannot use missing values but feature "
                + data.featureNames().get(i % data.cols())
                + " is missing in row "
                + i / data.cols()
                + "; impute it first");
      }
    }
  }

  static void rowLength(float[] row, int cols) {
    if (row.length != cols) {
      throw new UserException(
          "A row to predict has "
              + row.length
              + " values but the model takes "
              + cols
              + " features");
    }
  }

  static void batchLength(float[] features, int rows, int cols) {
    if (rows < 0 || (long) rows * cols != features.length) {
      throw new UserException(
          "A batch to predict has "
              + features.length
              + " values but "
              + rows
              + " rows x "
              + cols
              + " features is "
              + (long) rows * cols);
    }
  }

  static float[] toFloat(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
