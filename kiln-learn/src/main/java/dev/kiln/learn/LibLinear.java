package dev.kiln.learn;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.kiln.core.UserException;
import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ParamSpec;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Progress;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Logistic regression (binary; multiclass one-vs-rest, liblinear has no multinomial solver) and
 * linear regression through liblinear's primal trust-region Newton solvers: {@code L2R_LR} and
 * {@code L2R_L2LOSS_SVR} with epsilon 0, which is ridge regression. The intercept is not
 * regularized. liblinear has no sample weights: class weights use its per-class C.
 */
final class LibLinear implements Learner {
  static final String LOGISTIC = "logistic";
  static final String LINEAR = "linear";
  static final List<ParamSpec> PARAMS =
      List.of(
          ParamSpec.number(
              "c", 1.0, 1e-12, 1e12, "inverse regularization strength (larger = less)"),
          ParamSpec.number("tolerance", 1e-4, 1e-12, 1, "solver stopping tolerance"),
          ParamSpec.integer("max_iterations", 1000, 1, 1_000_000, "Newton iterations at most"),
          Common.CLASS_WEIGHT,
          Common.SEED);

  private final String name;
  private final Task task;
  private final Params params;

  LibLinear(String name, Task task, Params params) {
    this.name = name;
    this.task = task;
    this.params = params;
  }

  @Override
  public Model fit(TrainingSet train, Optional<TrainingSet> validation, Progress progress) {
    Checks.data(name, task, train, validation, 2);
    Checks.noMissing(name, train);
    if (train.hasWeights()) {
      throw new UserException(
          "Learner " + name + " cannot use sample weights (liblinear has none); use class_weight");
    }
    Problem problem = new Problem();
    problem.l = train.rows();
    problem.n = train.cols() + 1;
    problem.bias = 1;
    problem.y = train.labels().clone();
    problem.x = new Feature[train.rows()][];
    for (int i = 0; i < train.rows(); i++) {
      problem.x[i] = LibLinearModel.nodes(train.features(), i * train.cols(), train.cols());
    }
    Parameter parameter =
        new Parameter(
            task.isClassification() ? SolverType.L2R_LR : SolverType.L2R_L2LOSS_SVR,
            params.number("c"),
            params.number("tolerance"),
            params.integer("max_iterations"),
            0.0);
    parameter.setRegularizeBias(false);
    parameter.setRandom(new Random(params.integer("seed")));
    double[] perClass = ClassWeights.of(name, params.text("class_weight"), task, train.labels());
    if (perClass != null) {
      int[] labels = new int[perClass.length];
      for (int c = 0; c < labels.length; c++) {
        labels[c] = c;
      }
      parameter.setWeights(perClass, labels);
    }
    progress.update(0, 1);
    Linear.disableDebugOutput();
    de.bwaldvogel.liblinear.Model fitted =
        Native.call(name, "training", () -> Linear.train(problem, parameter));
    progress.update(1, 1);
    ModelInfo info =
        new ModelInfo(
            name,
            "liblinear",
            LibLinearModel.version(),
            task,
            train.featureNames(),
            params.effective(),
            0);
    return new LibLinearModel(fitted, info);
  }
}
