package dev.kiln.store;

import java.util.List;
import java.util.Map;

/**
 * A run with its data: params, the latest value of each metric (history through {@link
 * TrackingStore#metricHistory}), tags and dataset inputs.
 */
public record Run(
    RunInfo info,
    Map<String, String> params,
    Map<String, Metric> metrics,
    Map<String, String> tags,
    List<DatasetInput> inputs) {
  public Run {
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    tags = Map.copyOf(tags);
    inputs = List.copyOf(inputs);
  }

  public String id() {
    return info.runId();
  }
}
