package dev.kiln.learn;

import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ParamSpec;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Progress;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Gradient-boosted trees through XGBoost ({@code hist} trees). Rounds are run one at a time so
 * progress and early stopping are Kiln's. After early stopping the booster keeps the later rounds
 * too; the best one is recorded in XGBoost's own {@code best_iteration} attribute and predictions
 * use rounds {@code 0 … best_iteration} only.
 */
final class XgBoost implements Learner {
  static final String NAME = "xgboost";
  static final List<ParamSpec> PARAMS =
      Common.with(
          List.of(
              ParamSpec.integer("num_boost_round", 100, 1, 1_000_000, "boosting rounds"),
              ParamSpec.number("eta", 0.3, 1e-6, 1, "learning rate"),
              ParamSpec.integer("max_depth", 6, 0, 1000, "tree depth limit; 0 = none"),
              ParamSpec.number(
                  "min_child_weight", 1, 0, Double.MAX_VALUE, "hessian per child at least"),
              ParamSpec.number("subsample", 1, 1e-6, 1, "rows sampled per round"),
              ParamSpec.number("colsample_bytree", 1, 1e-6, 1, "features sampled per tree"),
              ParamSpec.number("lambda", 1, 0, Double.MAX_VALUE, "L2 regularization"),
              ParamSpec.number("alpha", 0, 0, Double.MAX_VALUE, "L1 regularization"),
              ParamSpec.integer("max_bin", 256, 2, 65_535, "histogram bins per feature")));

  private final Task task;
  private final Params params;

  XgBoost(Task task, Params params) {
    this.task = task;
    this.params = params;
  }

  @Override
  public Model fit(TrainingSet train, Optional<TrainingSet> validation, Progress progress) {
    Checks.data(NAME, task, train, validation, 2);
    float[] weights = ClassWeights.sampleWeights(NAME, params.text("class_weight"), task, train);
    int[] kept = new int[1];
    Booster booster =
        Native.call(
            NAME,
            "training",
            () -> {
              DMatrix data = matrix(train);
              DMatrix valid = null;
              try {
                if (weights != null) {
                  data.setWeight(weights);
                }
                valid = validation.isPresent() ? matrix(validation.get()) : null;
                Booster b = XGBoost.train(data, boosterParams(), 0, new HashMap<>(), null, null);
                kept[0] = grow(b, data, valid, progress);
                return b;
              } finally {
                data.dispose();
                if (valid != null) {
                  valid.dispose();
                }
              }
            });
    ModelInfo info =
        new ModelInfo(
            NAME,
            "xgboost4j",
            XgBoostModel.version(),
            task,
            train.featureNames(),
            params.effective(),
            kept[0]);
    return new XgBoostModel(booster, info);
  }

  private static DMatrix matrix(TrainingSet set) throws Exception {
    DMatrix m = new DMatrix(set.features(), set.rows(), set.cols(), Float.NaN);
    m.setLabel(Checks.toFloat(set.labels()));
    return m;
  }

  /** Runs the rounds; returns how many the model keeps. */
  private int grow(Booster booster, DMatrix data, DMatrix valid, Progress progress)
      throws Exception {
    int total = params.integer("num_boost_round");
    int patience = params.integer("early_stopping_rounds");
    Common.Stopper stopper = new Common.Stopper(patience);
    for (int i = 0; i < total; i++) {
      booster.update(data, i);
      progress.update(i + 1, total);
      if (valid != null && patience > 0) {
        String eval = booster.evalSet(new DMatrix[] {valid}, new String[] {"valid"}, i);
        double loss = Double.parseDouble(eval.substring(eval.lastIndexOf(':') + 1).trim());
        if (stopper.record(i, loss)) {
          break;
        }
      }
    }
    if (valid != null && patience > 0) {
      booster.setAttr("best_iteration", Integer.toString(stopper.bestIteration()));
      return stopper.bestIteration() + 1;
    }
    return booster.getNumBoostedRound();
  }

  private Map<String, Object> boosterParams() {
    Map<String, Object> p = new HashMap<>();
    switch (task.kind()) {
      case BINARY:
        p.put("objective", "binary:logistic");
        p.put("eval_metric", "logloss");
        break;
      case MULTICLASS:
        p.put("objective", "multi:softprob");
        p.put("num_class", task.classes());
        p.put("eval_metric", "mlogloss");
        break;
      default:
        p.put("objective", "reg:squarederror");
        p.put("eval_metric", "rmse");
    }
    for (String name : List.of("max_depth", "max_bin", "seed")) {
      p.put(name, params.integer(name));
    }
    for (String name :
        List.of("eta", "min_child_weight", "subsample", "colsample_bytree", "lambda", "alpha")) {
      p.put(name, Common.plain(params.number(name)));
    }
    p.put("nthread", params.integer("threads"));
    p.put("tree_method", "hist");
    p.put("verbosity", 0);
    return p;
  }
}
