package dev.kiln.core.learn;

import dev.kiln.core.UserException;
import java.util.Locale;

/**
 * What a model predicts: a binary or multiclass class (labels {@code 0 … classes-1}), a number
 * (regression), or a cluster (no labels).
 *
 * <p>A classifier's prediction is one probability per class, a regressor's is one number, a
 * clusterer's is the index of the nearest cluster.
 */
public record Task(Kind kind, int classes) {

  /** The kinds of task. */
  public enum Kind {
    BINARY,
    MULTICLASS,
    REGRESSION,
    CLUSTERING
  }

  public Task {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (kind == Kind.BINARY && classes != 2) {
      throw new UserException("A binary task has 2 classes but was given " + classes);
    }
    if (kind == Kind.MULTICLASS && classes < 3) {
      throw new UserException(
          "A multiclass task needs at least 3 classes but was given "
              + classes
              + " (use binary for 2)");
    }
    if ((kind == Kind.REGRESSION || kind == Kind.CLUSTERING) && classes != 0) {
      throw new UserException(
          "A "
              + kind.name().toLowerCase(Locale.ROOT)
              + " task has no classes but was given "
              + classes);
    }
  }

  public static Task binary() {
    return new Task(Kind.BINARY, 2);
  }

  public static Task multiclass(int classes) {
    return new Task(Kind.MULTICLASS, classes);
  }

  public static Task regression() {
    return new Task(Kind.REGRESSION, 0);
  }

  public static Task clustering() {
    return new Task(Kind.CLUSTERING, 0);
  }

  public boolean isClassification() {
    return kind == Kind.BINARY || kind == Kind.MULTICLASS;
  }

  /** How many numbers one prediction writes: one per class, else one. */
  public int outputs() {
    return isClassification() ? classes : 1;
  }

  /**
   * Checks that {@code labels} fit this task: classes are whole numbers in {@code [0, classes)}
   * with every class present, regression targets are finite, clustering needs no labels.
   */
  public void checkLabels(double[] labels) {
    if (kind == Kind.CLUSTERING) {
      return;
    }
    if (labels == null) {
      throw new UserException("A " + this + " task needs labels but the training set has none");
    }
    int[] counts = new int[Math.max(classes, 0)];
    for (int i = 0; i < labels.length; i++) {
      double y = labels[i];
      if (Double.isNaN(y) || Double.isInfinite(y)) {
        throw new UserException(
            "Label in row " + i + " is " + y + "; labels must be finite numbers (drop or fill it)");
      }
      if (isClassification()) {
        if (y != Math.rint(y) || y < 0 || y >= classes) {
          throw new UserException(
              "Label in row "
                  + i
                  + " is "
                  + y
                  + " but a "
                  + this
                  + " task takes class indexes 0 to "
                  + (classes - 1));
        }
        counts[(int) y]++;
      }
    }
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        throw new UserException(
            "Class "
                + c
                + " has no rows in the training set; a "
                + this
                + " task needs every class");
      }
    }
  }

  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    return kind == Kind.MULTICLASS ? name + "(" + classes + ")" : name;
  }
}
