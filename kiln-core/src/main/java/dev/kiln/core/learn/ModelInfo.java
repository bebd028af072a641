package dev.kiln.core.learn;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model is, for provenance and for loading it back: the learner's name, the library and
 * version that fitted it, the task, the feature names in order, every effective parameter (defaults
 * included) and how many iterations (trees, rounds) the model kept after early stopping (0 where
 * that does not apply).
 */
public record ModelInfo(
    String learner,
    String library,
    String libraryVersion,
    Task task,
    List<String> features,
    Map<String, Object> params,
    int iterations) {

  public ModelInfo {
    features = List.copyOf(features);
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
