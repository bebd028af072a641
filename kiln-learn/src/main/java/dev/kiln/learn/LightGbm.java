package dev.kiln.learn;

import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ParamSpec;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Progress;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.util.List;
import java.util.Optional;

/**
 * Gradient-boosted trees through LightGBM. Trees are grown one iteration at a time so progress and
 * early stopping are Kiln's; the fitted model is the library's text with only the kept trees,
 * loaded back, so the model in memory and the saved file are the same thing.
 */
final class LightGbm implements Learner {
  static final String NAME = "lightgbm";
  static final List<ParamSpec> PARAMS =
      Common.with(
          List.of(
              ParamSpec.integer(
                  "num_iterations", 100, 1, 1_000_000, "boosting rounds (trees per class)"),
              ParamSpec.number("learning_rate", 0.1, 1e-6, 1, "shrinkage per tree"),
              ParamSpec.integer("num_leaves", 31, 2, 131_072, "leaves per tree"),
              ParamSpec.integer("max_depth", -1, -1, 1000, "tree depth limit; -1 = none"),
              ParamSpec.integer(
                  "min_data_in_leaf", 20, 1, Integer.MAX_VALUE, "rows per leaf at least"),
              ParamSpec.number("feature_fraction", 1.0, 1e-6, 1, "features sampled per tree"),
              ParamSpec.number("bagging_fraction", 1.0, 1e-6, 1, "rows sampled per bagging round"),
              ParamSpec.integer(
                  "bagging_freq", 0, 0, Integer.MAX_VALUE, "bag every k iterations; 0 = off"),
              ParamSpec.number("lambda_l1", 0, 0, Double.MAX_VALUE, "L1 regularization"),
              ParamSpec.number("lambda_l2", 0, 0, Double.MAX_VALUE, "L2 regularization"),
              ParamSpec.integer("max_bin", 255, 2, 65_535, "histogram bins per feature")));

  private final Task task;
  private final Params params;

  LightGbm(Task task, Params params) {
    this.task = task;
    this.params = params;
  }

  @Override
  public Model fit(TrainingSet train, Optional<TrainingSet> validation, Progress progress) {
    Checks.data(NAME, task, train, validation, 2);
    float[] weights = ClassWeights.sampleWeights(NAME, params.text("class_weight"), task, train);
    String datasetParams =
        "max_bin="
            + params.integer("max_bin")
            + " verbosity=-1 seed="
            + params.integer("seed")
            + " num_threads="
            + params.integer("threads");
    String text =
        Native.call(
            NAME,
            "training",
            () -> {
              try (LGBMDataset data =
                  LightGbmDatasets.fromRows(
                      train.features(), train.rows(), train.cols(), datasetParams, null)) {
                data.setField("label", Checks.toFloat(train.labels()));
                if (weights != null) {
                  data.setField("weight", weights);
                }
                LGBMDataset valid = null;
                try (LGBMBooster booster = LGBMBooster.create(data, boosterParams())) {
                  if (validation.isPresent()) {
                    TrainingSet v = validation.get();
                    valid =
                        LightGbmDatasets.fromRows(
                            v.features(), v.rows(), v.cols(), datasetParams, data);
                    valid.setField("label", Checks.toFloat(v.labels()));
                    booster.addValidData(valid);
                  }
                  return grow(booster, valid != null, progress);
                } finally {
                  if (valid != null) {
                    valid.close();
                  }
                }
              }
            });
    return LightGbmModel.fromText(text, info(train, text));
  }

  private String grow(LGBMBooster booster, boolean validated, Progress progress) throws Exception {
    int total = params.integer("num_iterations");
    int patience = params.integer("early_stopping_rounds");
    Common.Stopper stopper = new Common.Stopper(patience);
    int done = 0;
    for (int i = 0; i < total; i++) {
      boolean finished = booster.updateOneIter();
      done = i + 1;
      progress.update(done, total);
      if (finished) {
        break; // no split improves the loss any more
      }
      if (validated && patience > 0 && stopper.record(i, booster.getEval(1)[0])) {
        break;
      }
    }
    int keep = validated && patience > 0 ? stopper.bestIteration() + 1 : done;
    return booster.saveModelToString(0, keep, LGBMBooster.FeatureImportanceType.SPLIT);
  }

  private String boosterParams() {
    StringBuilder b = new StringBuilder();
    switch (task.kind()) {
      case BINARY:
        b.append("objective=binary metric=binary_logloss");
        break;
      case MULTICLASS:
        b.append("objective=multiclass metric=multi_logloss num_class=").append(task.classes());
        break;
      default:
        b.append("objective=regression metric=l2");
    }
    for (String name :
        List.of("num_leaves", "max_depth", "min_data_in_leaf", "bagging_freq", "max_bin", "seed")) {
      b.append(' ').append(name).append('=').append(params.integer(name));
    }
    for (String name :
        List.of(
            "learning_rate", "feature_fraction", "bagging_fraction", "lambda_l1", "lambda_l2")) {
      b.append(' ').append(name).append('=').append(Common.plain(params.number(name)));
    }
    // deterministic + a forced histogram layout: LightGBM otherwise picks row- or column-wise by
    // timing a test run, which can differ between two runs
    b.append(" num_threads=").append(params.integer("threads"));
    b.append(" deterministic=true force_col_wise=true verbosity=-1");
    return b.toString();
  }

  private ModelInfo info(TrainingSet train, String text) {
    return new ModelInfo(
        NAME,
        "lightgbm4j",
        Versions.of(LGBMBooster.class, "io.github.metarank", "lightgbm4j"),
        task,
        train.featureNames(),
        params.effective(),
        LightGbmModel.trees(text, task));
  }
}
