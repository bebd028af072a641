package dev.kiln.store;

import java.util.List;
import java.util.Map;

/**
 * Experiments and runs, as MLflow's tracking store. Every method is one transaction; a caller's
 * mistake is a {@link StoreException} with an {@link ErrorCode}.
 */
public interface TrackingStore {
  /** The experiment every store has, id {@code "0"}, as MLflow's. */
  String DEFAULT_EXPERIMENT = "Default";

  /** Creates an experiment and returns its id; names are unique, also among deleted ones. */
  String createExperiment(String name, String artifactLocation, Map<String, String> tags);

  Experiment getExperiment(String experimentId);

  Experiment getExperimentByName(String name);

  /**
   * Experiments by a filter on {@code name} and {@code tags.*} (MLflow's syntax), order by {@code
   * name}, {@code experiment_id}, {@code creation_time} or {@code last_update_time}.
   */
  Page<Experiment> searchExperiments(
      String filter, ViewType viewType, List<String> orderBy, int maxResults, String pageToken);

  void renameExperiment(String experimentId, String newName);

  /** Moves the experiment and its runs to the bin. */
  void deleteExperiment(String experimentId);

  void restoreExperiment(String experimentId);

  void setExperimentTag(String experimentId, String key, String value);

  Run createRun(NewRun run);

  Run getRun(String runId);

  /** Sets status, end time and name; a null argument leaves that attribute as it is. */
  RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

  void deleteRun(String runId);

  void restoreRun(String runId);

  /** Logs a param; the same value again is fine, a different one is refused. */
  void logParam(String runId, Param param);

  void logMetric(String runId, Metric metric);

  void setTag(String runId, Tag tag);

  void deleteTag(String runId, String key);

  /** Logs params, metrics and tags in one transaction: all or nothing. */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

  /** Every value logged for the metric, by step then timestamp. */
  List<Metric> metricHistory(String runId, String key);

  void logInputs(String runId, List<DatasetInput> inputs);

  Page<Run> searchRuns(RunSearch search);

  /** Records that the run's file {@code path} is the artifact with {@code digest}. */
  void logArtifact(String runId, RunArtifact artifact);

  /** The run's artifacts whose path starts with {@code prefix} ("" for all), by path. */
  List<RunArtifact> listArtifacts(String runId, String prefix);
}
