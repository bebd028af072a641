package dev.kiln.learn;

import dev.kiln.core.learn.ModelInfo;
import dev.kiln.learn.trees.Ensemble;

/**
 * Chooses between Kiln's tree evaluator and a library's own predictor. The system property {@code
 * kiln.trees=library} makes every tree model predict through its library (to compare the two, or to
 * rule the evaluator out when a prediction looks wrong).
 */
final class Evaluators {
  static final String PROPERTY = "kiln.trees";
  static final String DISABLED = "-D" + PROPERTY + "=library asks for the library's predictor";

  private Evaluators() {}

  static boolean enabled() {
    return !"library".equals(System.getProperty(PROPERTY, "kiln"));
  }

  /** Null when the ensemble predicts what the model's info says; else why it does not. */
  static String misfit(Ensemble e, ModelInfo info) {
    int cols = info.features().size();
    if (e.features() > cols) {
      return "the trees use " + e.features() + " features but the model takes " + cols;
    }
    if (e.outputs() != info.task().outputs()) {
      return "the trees give "
          + e.outputs()
          + " numbers per row but a "
          + info.task()
          + " model gives "
          + info.task().outputs();
    }
    return null;
  }
}
