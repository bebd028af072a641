package dev.kiln.store;

import java.util.List;

/**
 * Where a model version came from: its run, the datasets the run read (by digest) and the code
 * commit (the run's {@code mlflow.source.git.commit} tag).
 *
 * @param run null when the version names no run or the run is gone
 * @param codeCommit null when the run recorded none
 */
public record Lineage(
    ModelVersion version, Run run, List<DatasetInput> datasets, String codeCommit) {
  /** The tag MLflow and Kiln record a run's source commit under. */
  public static final String GIT_COMMIT = "mlflow.source.git.commit";

  public Lineage {
    datasets = List.copyOf(datasets);
  }
}
