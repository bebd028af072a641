package dev.kiln.core.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * The learner behind a model: its name, the library and version that fitted it, every effective
 * parameter, the iterations kept (trees or rounds after early stopping; 0 where that does not
 * apply), and the file in the bundle that holds the library's own portable model.
 */
public record LearnerInfo(
    String name,
    String library,
    String version,
    Map<String, Object> params,
    int iterations,
    String file) {
  public LearnerInfo {
    params = params == null ? Map.of() : new TreeMap<>(params);
  }
}
