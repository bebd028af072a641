package dev.kiln.core.learn;

import java.util.Optional;

/** Fits a {@link Model} to a training set; configured (and validated) when it is created. */
public interface Learner {

  /**
   * Fits a model. The validation set, when present, drives early stopping where the learner has it.
   *
   * @throws dev.kiln.core.UserException when the data does not fit the task or the parameters
   */
  Model fit(TrainingSet train, Optional<TrainingSet> validation, Progress progress);

  /** Fits a model without reporting progress. */
  default Model fit(TrainingSet train, Optional<TrainingSet> validation) {
    return fit(train, validation, Progress.NONE);
  }
}
