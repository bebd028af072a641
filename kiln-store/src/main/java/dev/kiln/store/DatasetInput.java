package dev.kiln.store;

import java.util.Map;

/**
 * A dataset as input of a run, with its tags; {@code mlflow.data.context} says its role ({@code
 * training}, {@code validation}, {@code holdout}).
 */
public record DatasetInput(Dataset dataset, Map<String, String> tags) {
  /** The tag MLflow uses for the role of the dataset in the run. */
  public static final String CONTEXT = "mlflow.data.context";

  public DatasetInput {
    tags = Map.copyOf(tags);
  }

  public static DatasetInput of(Dataset dataset, String context) {
    return new DatasetInput(dataset, Map.of(CONTEXT, context));
  }
}
