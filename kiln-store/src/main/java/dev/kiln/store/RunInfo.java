package dev.kiln.store;

/**
 * A run's attributes (MLflow's {@code RunInfo}).
 *
 * @param endTime epoch milliseconds, null while the run has not ended
 * @param parentRunId the enclosing run for nested runs (CV folds, tuning trials), or null; also
 *     readable as the tag {@code mlflow.parentRunId}
 */
public record RunInfo(
    String runId,
    String runName,
    String experimentId,
    String userId,
    RunStatus status,
    long startTime,
    Long endTime,
    String artifactUri,
    LifecycleStage lifecycleStage,
    String parentRunId) {}
