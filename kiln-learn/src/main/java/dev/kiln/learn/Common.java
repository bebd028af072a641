package dev.kiln.learn;

import dev.kiln.core.learn.ParamSpec;
import java.math.BigDecimal;
import java.util.List;

/** Parameters the gradient-boosting learners share. */
final class Common {
  private Common() {}

  static final ParamSpec SEED =
      ParamSpec.integer(
          "seed", 42, 0, Integer.MAX_VALUE, "random seed; the same seed gives the same model");
  static final ParamSpec THREADS =
      ParamSpec.integer("threads", 2, 1, 1024, "native (OpenMP) threads");
  static final ParamSpec EARLY_STOPPING =
      ParamSpec.integer(
          "early_stopping_rounds",
          0,
          0,
          Integer.MAX_VALUE,
          "stop when the validation loss has not improved for this many rounds; 0 = off");
  static final ParamSpec CLASS_WEIGHT = ParamSpec.text("class_weight", "none", ClassWeights.DOC);

  static List<ParamSpec> with(List<ParamSpec> own) {
    List<ParamSpec> all = new java.util.ArrayList<>(own);
    all.addAll(List.of(EARLY_STOPPING, CLASS_WEIGHT, SEED, THREADS));
    return List.copyOf(all);
  }

  /** A number as a library's parameter parser reads it: plain digits, no exponent. */
  static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** Tracks the best validation loss for early stopping (lower is better). */
  static final class Stopper {
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int bestIteration = -1;

    Stopper(int patience) {
      this.patience = patience;
    }

    /** Records the loss after {@code iteration} (0-based); true when training should stop. */
    boolean record(int iteration, double loss) {
      if (loss < best) {
        best = loss;
        bestIteration = iteration;
      }
      return iteration - bestIteration >= patience;
    }

    int bestIteration() {
      return bestIteration;
    }
  }
}
