package dev.kiln.learn;

import dev.kiln.core.UserException;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;

/**
 * The {@code class_weight} parameter: {@code none}, {@code balanced} (each class weighs {@code rows
 * / (classes * rows of the class)}, as scikit-learn's "balanced") or explicit weights {@code
 * 0:1,1:5}.
 */
final class ClassWeights {
  static final String DOC =
      "none, balanced (rows / (classes x class rows)), or per class as 0:1,1:5";

  private ClassWeights() {}

  /** Per-class weights, or {@code null} for none. */
  static double[] of(String learner, String spec, Task task, double[] labels) {
    String s = spec.trim();
    if (s.equals("none")) {
      return null;
    }
    if (!task.isClassification()) {
      throw new UserException(
          "Parameter class_weight of learner "
              + learner
              + " applies to classification only but the task is "
              + task
              + "; leave it at none");
    }
    double[] w = new double[task.classes()];
    if (s.equals("balanced")) {
      int[] counts = new int[task.classes()];
      for (double y : labels) {
        counts[(int) y]++;
      }
      for (int c = 0; c < w.length; c++) {
        w[c] = (double) labels.length / (w.length * counts[c]);
      }
      return w;
    }
    java.util.Arrays.fill(w, 1.0);
    for (String part : s.split(",")) {
      String[] kv = part.split(":");
      try {
        if (kv.length != 2) {
          throw new NumberFormatException();
        }
        int c = Integer.parseInt(kv[0].trim());
        double v = Double.parseDouble(kv[1].trim());
        if (c < 0 || c >= w.length || !(v >= 0) || Double.isInfinite(v)) {
          throw new NumberFormatException();
        }
        w[c] = v;
      } catch (NumberFormatException e) {
        throw new UserException(
            "Parameter class_weight of learner "
                + learner
                + " must be "
                + DOC
                + " with classes 0 to "
                + (w.length - 1)
                + " and weights >= 0 but was '"
                + spec
                + "'");
      }
    }
    return w;
  }

  /**
   * Sample weights: the training set's own (or 1) times its class's weight; {@code null} when
   * neither is set.
   */
  static float[] sampleWeights(String learner, String spec, Task task, TrainingSet data) {
    double[] perClass = of(learner, spec, task, data.labels());
    if (perClass == null) {
      return data.weights();
    }
    float[] w = new float[data.rows()];
    for (int i = 0; i < w.length; i++) {
      double base = data.hasWeights() ? data.weights()[i] : 1.0;
      w[i] = (float) (base * perClass[(int) data.labels()[i]]);
    }
    return w;
  }
}
